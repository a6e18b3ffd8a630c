using System.CommandLine;
using Waymark.Api;
using Waymark.StaffAccess.Operators;

namespace Waymark.Cli;

/// <summary>
/// <c>waymark operators add|list|disable</c>: the accounts of the people who run this installation. They hold no
/// access to any workspace; they ask its owners for a support ticket from the operator console (<c>/operator</c>).
/// </summary>
internal static class OperatorCommands
{
    private static readonly Option<string> Email = new("--email") { Description = "The operator's email address (their sign-in name)", Required = true };

    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password from standard input (the first line), so it stays out of the shell history", Required = true };

    public static Command Create()
    {
        var add = new Command("add", "Create an operator account; it signs in on the normal sign-in page and lands on the operator console") { Email, PasswordStdin, CommonOptions.Data, CommonOptions.Database };
        add.SetAction(AddAsync);
        var list = new Command("list", "Show the operator accounts") { CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var disable = new Command("disable", "Refuse an operator's sign-ins from now on, end their sessions and every ticket they have open") { Email, CommonOptions.Data, CommonOptions.Database };
        disable.SetAction(DisableAsync);
        return new Command("operators", "Instance operators: accounts with no standing access to any workspace") { add, list, disable };
    }

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var password = await Console.In.ReadLineAsync(cancellationToken);
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().AddAsync(parse.GetValue(Email), password, cancellationToken);
        if (outcome.Value is not { } created)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        Console.WriteLine($"Operator {created.Email} created ({created.AccountId}). They sign in on the dashboard's sign-in page and ask workspace owners for access from /operator; ask them to turn on two-factor authentication first.");
        return 0;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        var operators = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().ListAsync(cancellationToken);
        foreach (var op in operators)
        {
            Console.WriteLine($"{op.Email}\t{(op.Disabled ? "disabled" : "active")}\t{(op.TwoFactor ? "2fa" : "no-2fa")}\t{op.CreatedAt:yyyy-MM-dd}\t{op.AccountId}");
        }

        if (operators.Count == 0)
        {
            Console.WriteLine("(no operators: add one with 'waymark operators add --email E --password-stdin')");
        }

        return 0;
    }

    private static async Task<int> DisableAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        using var scope = host.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().DisableAsync(parse.GetValue(Email), cancellationToken);
        if (outcome.Value is not { } disabled)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        Console.WriteLine($"Operator {disabled.Operator.Email} disabled: sign-in refused, {disabled.SessionsEnded} session(s) and {disabled.TicketsEnded} open ticket(s) ended.");
        return 0;
    }

    private static async Task<int> RefusedAsync(Refusal refusal)
    {
        await Console.Error.WriteLineAsync($"waymark: {refusal.Title}. {refusal.Detail}");
        return 1;
    }
}
