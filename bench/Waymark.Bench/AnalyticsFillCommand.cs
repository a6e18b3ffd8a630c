using System.CommandLine;

namespace Waymark.Bench;

/// <summary><c>waymark-bench analytics-fill</c>: its options, kept with the command so that Program.cs only registers it.</summary>
internal static class AnalyticsFillCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres", Required = true };
        var connection = new Option<string>("--connection") { Description = "SQLite file / Npgsql connection string of a database migrated with 'waymark migrate'", Required = true };
        var workspace = new Option<string>("--workspace") { Description = "The workspace (ws_…) the events belong to", Required = true };
        var events = new Option<long>("--events") { Description = "Track events in all, the funnel's included", DefaultValueFactory = _ => 10_000_000 };
        var users = new Option<int>("--users") { Description = "Identified users (users rows), created evenly over the span", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Days of history, ending now", DefaultValueFactory = _ => 180 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator: the same seed on the same day gives the same rows", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line" };

        var command = new Command("analytics-fill", "Product-analytics data straight into a migrated database: users, track events (Zipf-like names, weekly rhythm, a signup funnel, plan and browser public properties), then the event_counts, activity_days and activity_periods rollups")
        {
            provider, connection, workspace, events, users, days, seed, json,
        };
        command.SetAction((parse, cancellationToken) => AnalyticsFill.RunAsync(
            new AnalyticsFillOptions(
                parse.GetValue(provider)!, parse.GetValue(connection)!, parse.GetValue(workspace)!, Math.Max(0, parse.GetValue(events)), Math.Max(1, parse.GetValue(users)),
                Math.Clamp(parse.GetValue(days), 1, 3_650), parse.GetValue(seed), parse.GetValue(json)),
            cancellationToken));
        return command;
    }
}
