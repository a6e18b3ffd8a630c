using System.CommandLine;
using Waymark.Api;
using Waymark.Firewall.AllowLists;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

internal static class FirewallCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Option<string> Surface = new Option<string>("--surface") { Description = "dashboard: members signing in; api: server keys (write keys are never fenced)", Required = true }
        .AcceptOnlyFromAmong([.. AllowListSurface.All]);

    private static readonly Option<string> Cidr = new("--cidr") { Description = "An IPv4 or IPv6 range (203.0.113.0/24, 2001:db8::/32) or a single address", Required = true };

    private static readonly Option<string?> Label = new("--label") { Description = "What the range is, such as office or CI runners" };

    private static readonly Option<long> Id = new("--id") { Description = "The rule's id, as 'list' shows it", Required = true };

    public static Command Create()
    {
        var list = new Command("list", "Show a surface's allowed ranges (none: every address may connect)") { Workspace, Surface, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var add = new Command("add", "Allow a range; once a list has a range, only its ranges may connect") { Workspace, Surface, Cidr, Label, CommonOptions.Data, CommonOptions.Database };
        add.SetAction(AddAsync);
        var remove = new Command("remove", "Remove one range") { Workspace, Surface, Id, CommonOptions.Data, CommonOptions.Database };
        remove.SetAction(RemoveAsync);
        var clear = new Command("clear", "Remove every range, opening the surface to every address (the way back in after a lock-out)") { Workspace, Surface, CommonOptions.Data, CommonOptions.Database };
        clear.SetAction(ClearAsync);
        var allow = new Command("allow", "IP allow lists of a workspace's dashboard and server keys") { list, add, remove, clear };
        return new Command("firewall", "The application firewall: IP allow lists") { allow };
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var surface = parse.GetValue(Surface)!;
        var rules = (await host.Services.GetRequiredService<AllowListStore>().GetAsync(workspaceId, cancellationToken)).Of(surface);
        foreach (var rule in rules)
        {
            Console.WriteLine($"{rule.Id}\t{rule.Cidr}\t{rule.Label}");
        }

        if (rules.Count == 0)
        {
            Console.WriteLine($"(the {AllowListSurface.Describe(surface)} is empty: every address may connect)");
        }

        return 0;
    }

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<AllowListStore>()
            .AddAsync(Caller.Operator(), workspaceId, parse.GetValue(Surface), parse.GetValue(Cidr), parse.GetValue(Label), cancellationToken);
        if (outcome.Value is not { } rule)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        Console.WriteLine($"Allowed {rule.Cidr} on the {AllowListSurface.Describe(rule.Surface)} (rule {rule.Id}).");
        return 0;
    }

    private static async Task<int> RemoveAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<AllowListStore>()
            .RemoveAsync(Caller.Operator(), workspaceId, parse.GetValue(Surface), parse.GetValue(Id), cancellationToken);
        if (outcome.Value is not { } rule)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        Console.WriteLine($"Removed {rule.Cidr} from the {AllowListSurface.Describe(rule.Surface)}.");
        return 0;
    }

    private static async Task<int> ClearAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var surface = parse.GetValue(Surface)!;
        var outcome = await host.Services.GetRequiredService<AllowListStore>().ClearAsync(Caller.Operator(), workspaceId, surface, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            return await RefusedAsync(refusal);
        }

        Console.WriteLine($"Removed {outcome.Value} range(s); the {AllowListSurface.Describe(surface)} is empty and every address may connect.");
        return 0;
    }

    private static async Task<int> RefusedAsync(Refusal refusal)
    {
        await Console.Error.WriteLineAsync($"waymark: {refusal.Title}. {refusal.Detail}");
        return refusal.Status == 404 ? 1 : 2;
    }
}
