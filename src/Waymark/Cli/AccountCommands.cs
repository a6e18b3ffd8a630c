using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;

namespace Waymark.Cli;

/// <summary><c>waymark accounts unlock</c>: the operator's way to lift a sign-in lock, also when no owner can sign in.</summary>
internal static class AccountCommands
{
    private static readonly Argument<string> Email = new("email") { Description = "The account's email address" };

    public static Command Create()
    {
        var unlock = new Command("unlock", "Lift an account's sign-in lock after failed attempts (temporary or permanent)") { Email, CommonOptions.Data, CommonOptions.Database };
        unlock.SetAction(UnlockAsync);
        return new Command("accounts", "Operator actions on team accounts") { unlock };
    }

    private static async Task<int> UnlockAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(parse.GetValue(Email)!.Trim());
        if (account is null)
        {
            await Console.Error.WriteLineAsync("waymark: no account with that email address. Check the spelling; members are listed on each workspace's Members page.");
            return 1;
        }

        var unlocked = await host.Services.GetRequiredService<MemberLocks>().UnlockAsOperatorAsync(account.Id, cancellationToken);
        Console.WriteLine(unlocked ? "Unlocked: the account can sign in again." : "The account was not locked.");
        return 0;
    }
}
