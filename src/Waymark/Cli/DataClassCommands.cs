using System.CommandLine;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Cli;

internal static class DataClassCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Argument<string[]> Assignments = new("assignments") { Description = "KEY=CLASS pairs, CLASS one of public, personal, phi (e.g. plan=public browser=public)", Arity = ArgumentArity.OneOrMore };

    private static readonly Argument<string> Switch = new Argument<string>("state") { Description = "on: every key not classified explicitly is stored as PHI; off: such keys are personal" }
        .AcceptOnlyFromAmong("on", "off");

    public static Command Create()
    {
        var set = new Command("set", "Classify trait and property keys; applies to data received from now on") { Workspace, Assignments, CommonOptions.Data, CommonOptions.Database };
        set.SetAction(SetAsync);
        var list = new Command("list", "Show the keys classified explicitly (every other key is personal, or phi in HIPAA mode)") { Workspace, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var hipaaMode = new Command("hipaa-mode", "Store every key not classified explicitly as PHI (on) or personal (off); applies to data received from now on") { Switch, Workspace, CommonOptions.Data, CommonOptions.Database };
        hipaaMode.SetAction(SetHipaaModeAsync);
        return new Command("data-classes", "How trait and property values are stored: public (plaintext, queryable), personal (encrypted, the default), phi (encrypted, stricter)") { set, list, hipaaMode };
    }

    private static async Task<int> SetAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, DataClass>(StringComparer.Ordinal);
        foreach (var assignment in parse.GetValue(Assignments) ?? [])
        {
            var equals = assignment.LastIndexOf('=');
            if (equals <= 0 || !Enum.TryParse<DataClass>(assignment[(equals + 1)..], ignoreCase: true, out var dataClass) || !Enum.IsDefined(dataClass)
                || !DataClassStore.IsValidKey(assignment[..equals]))
            {
                await Console.Error.WriteLineAsync($"waymark: '{assignment}' is not KEY=CLASS with CLASS one of public, personal, phi.");
                return 2;
            }

            changes[assignment[..equals]] = dataClass;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        await host.Services.GetRequiredService<DataClassStore>().SetAsync(Caller.Operator(), workspaceId.Value, changes, cancellationToken);
        Console.WriteLine($"Classified {changes.Count} key(s). Data received from now on is stored accordingly.");
        return 0;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        var map = await host.Services.GetRequiredService<DataClassStore>().GetAsync(workspaceId.Value, cancellationToken);
        foreach (var (key, value) in map.Explicit.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{key}={value.ToString().ToLowerInvariant()}");
        }

        Console.WriteLine(map.HipaaMode ? "(every other key: phi, HIPAA mode)" : "(every other key: personal)");
        return 0;
    }

    private static async Task<int> SetHipaaModeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var on = parse.GetValue(Switch) == "on";
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        await host.Services.GetRequiredService<DataClassStore>().SetHipaaModeAsync(Caller.Operator(), workspaceId.Value, on, cancellationToken);
        Console.WriteLine(on
            ? "HIPAA mode is on: every key not classified explicitly is stored as PHI from now on."
            : "HIPAA mode is off: keys not classified explicitly are stored as personal from now on.");
        return 0;
    }
}
