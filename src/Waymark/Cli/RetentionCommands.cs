using System.CommandLine;
using System.Globalization;
using Waymark.Ingest.Retention;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

internal static class RetentionCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Option<string> Days = new("--days") { Description = $"Days to keep events ({RetentionSettings.MinDays} to {RetentionSettings.MaxDays}), or forever", Required = true };

    public static Command Create()
    {
        var show = new Command("show", "Show how long the workspace keeps its events and when the last daily purge began") { Workspace, CommonOptions.Data, CommonOptions.Database };
        show.SetAction(ShowAsync);
        var set = new Command("set", "Keep events for N days (older ones are purged daily by the worker) or forever") { Workspace, Days, CommonOptions.Data, CommonOptions.Database };
        set.SetAction(SetAsync);
        return new Command("retention", "Event retention: events older than the set number of days are purged once a day") { show, set };
    }

    private static async Task<int> ShowAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        Print(await host.Services.GetRequiredService<RetentionSettings>().GetAsync(workspaceId.Value, cancellationToken));
        return 0;
    }

    private static async Task<int> SetAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(Days)!;
        int? days = null;
        if (text != "forever")
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !RetentionSettings.IsValidDays(number))
            {
                await Console.Error.WriteLineAsync($"waymark: --days is a number from {RetentionSettings.MinDays} to {RetentionSettings.MaxDays}, or forever.");
                return 2;
            }

            days = number;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<RetentionSettings>().SetAsync(Caller.Operator(), workspaceId.Value, days, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            await Console.Error.WriteLineAsync($"waymark: {refusal.Detail}");
            return 2;
        }

        Print(outcome.Value!);
        return 0;
    }

    private static void Print(EventRetention retention)
    {
        Console.WriteLine(retention.Days is { } days
            ? $"Events are kept for {days} day(s); older ones are purged once a day by the worker."
            : "Events are kept forever.");
        Console.WriteLine(retention.LastPurgeAt is { } last
            ? $"Last purge began: {last.ToString("u", CultureInfo.InvariantCulture)}"
            : "Last purge began: never");
    }
}
