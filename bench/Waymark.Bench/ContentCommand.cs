using System.CommandLine;

namespace Waymark.Bench;

/// <summary><c>waymark-bench content-load</c>: its options, kept with the command so that Program.cs only registers it.</summary>
internal static class ContentCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Waymark's base address, e.g. http://127.0.0.1:5080", Required = true };
        var writeKey = new Option<string>("--write-key") { Description = "A workspace write key (seeding events and asking for content)", Required = true };
        var serverKey = new Option<string?>("--server-key") { Description = "A server key with settings:manage, content:edit and workspace:view: fill the workspace first (data classes, users, segments, flows, checklists, progress)" };
        var users = new Option<int>("--users") { Description = "Users seeded and asked about", DefaultValueFactory = _ => 10_000 };
        var companies = new Option<int>("--companies") { Description = "Companies the seeded users belong to", DefaultValueFactory = _ => 200 };
        var segments = new Option<int>("--segments") { Description = "Segments seeded (at most 10)", DefaultValueFactory = _ => 10 };
        var flows = new Option<int>("--flows") { Description = "Flows seeded and published to production", DefaultValueFactory = _ => 50 };
        var checklists = new Option<int>("--checklists") { Description = "Checklists seeded and published to production", DefaultValueFactory = _ => 5 };
        var progress = new Option<double>("--progress-share") { Description = "Share of users with $flow_started/$flow_completed events", DefaultValueFactory = _ => 0.3 };
        var rate = new Option<int>("--rate") { Description = "Requests per second, sent on a fixed schedule", DefaultValueFactory = _ => 1_000 };
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds (0 with --server-key: seed only)", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup-seconds") { Description = "Unmeasured seconds at the same rate first", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Most connections open at once", DefaultValueFactory = _ => 256 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Waymark's process id, to report its CPU over the measured window" };
        var databasePid = new Option<int?>("--database-pid") { Description = "PostgreSQL postmaster's process id, to report its and its backends' CPU" };
        var extraQuery = new Option<string>("--extra-query") { Description = "Appended to every request's query, for diagnostics (e.g. \"&trigger=flw_…\" skips segments, state and progress)", DefaultValueFactory = _ => "" };
        var clockTicks = new Option<int>("--clock-ticks") { Description = "getconf CLK_TCK", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the data and request generator", DefaultValueFactory = _ => 42 };

        var command = new Command("content-load", "Open-loop GET /v1/content load at a fixed rate, latency from each request's scheduled send time; optionally seeds the workspace first")
        {
            url, writeKey, serverKey, users, companies, segments, flows, checklists, progress, rate, seconds, warmup, connections, serverPid, databasePid, extraQuery, clockTicks, json, seed,
        };
        command.SetAction((parse, cancellationToken) => ContentLoad.RunAsync(
            new ContentLoadOptions(
                new Uri(parse.GetValue(url)!, UriKind.Absolute), parse.GetValue(writeKey)!, parse.GetValue(serverKey), Math.Max(1, parse.GetValue(users)), Math.Max(1, parse.GetValue(companies)),
                Math.Clamp(parse.GetValue(segments), 0, 10), Math.Max(0, parse.GetValue(flows)), Math.Max(0, parse.GetValue(checklists)), Math.Clamp(parse.GetValue(progress), 0, 1),
                Math.Max(1, parse.GetValue(rate)), Math.Max(0, parse.GetValue(seconds)), Math.Max(0, parse.GetValue(warmup)), Math.Max(1, parse.GetValue(connections)),
                parse.GetValue(serverPid), parse.GetValue(databasePid), parse.GetValue(extraQuery)!, Math.Max(1, parse.GetValue(clockTicks)), parse.GetValue(json), parse.GetValue(seed)),
            cancellationToken));
        return command;
    }
}
