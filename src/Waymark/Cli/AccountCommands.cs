using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;

namespace Waymark.Cli;

/// <summary>
/// <c>waymark accounts unlock|reset-mfa</c>: the operator's ways back in, for when no owner can sign in (a permanent
/// lock, or a lost phone with lost recovery codes).
/// </summary>
internal static class AccountCommands
{
    private static readonly Argument<string> Email = new("email") { Description = "The account's email address" };

    public static Command Create()
    {
        var unlock = new Command("unlock", "Lift an account's sign-in lock after failed attempts (temporary or permanent)") { Email, CommonOptions.Data, CommonOptions.Database };
        unlock.SetAction(UnlockAsync);
        var resetMfa = new Command("reset-mfa", "Remove an account's authenticator app, recovery codes and passkeys and end its sessions, so its owner can enrol again") { Email, CommonOptions.Data, CommonOptions.Database };
        resetMfa.SetAction(ResetMfaAsync);
        return new Command("accounts", "Operator actions on team accounts") { unlock, resetMfa };
    }

    private static async Task<int> ResetMfaAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        if (await FindAsync(scope, parse) is not { } account)
        {
            return 1;
        }

        var passkeys = await scope.ServiceProvider.GetRequiredService<AccountRecovery>().ResetSecondFactorsAsync(account, cancellationToken);
        Console.WriteLine($"Second factors removed (authenticator app, recovery codes, {passkeys} passkey(s)); every session of the account ended. "
            + "They sign in with their password and enrol again; workspaces that require MFA hold them out until they do.");
        return 0;
    }

    private static async Task<int> UnlockAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        if (await FindAsync(scope, parse) is not { } account)
        {
            return 1;
        }

        var unlocked = await host.Services.GetRequiredService<MemberLocks>().UnlockAsOperatorAsync(account.Id, cancellationToken);
        Console.WriteLine(unlocked ? "Unlocked: the account can sign in again." : "The account was not locked.");
        return 0;
    }

    private static async Task<Account?> FindAsync(IServiceScope scope, ParseResult parse)
    {
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(parse.GetValue(Email)!.Trim());
        if (account is null)
        {
            await Console.Error.WriteLineAsync("waymark: no account with that email address. Check the spelling; members are listed on each workspace's Members page.");
        }

        return account;
    }
}
