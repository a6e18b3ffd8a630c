using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Export;

namespace Waymark.Bench;

internal sealed record ExportLoadOptions(int Events, int BatchSize, int Runs, int Warmup, string Format, string? DataDirectory, bool Json, ulong Seed);

/// <summary>
/// Export of one person: starts Waymark in this process on a fresh SQLite data directory, sends one user
/// <see cref="ExportLoadOptions.Events"/> events through <c>POST /v1/batch</c>, then times
/// <c>GET /v1/users/{id}/export</c> (streamed in the response: the inline limit is raised above the event count) from
/// the request to the last byte read.
/// </summary>
internal static class ExportLoad
{
    private const int UserNumber = 1;

    public static async Task<int> RunAsync(ExportLoadOptions options, CancellationToken cancellationToken)
    {
        await using var waymark = await InProcessWaymark.StartAsync(
            options.DataDirectory,
            new Dictionary<string, string?> { ["Waymark:Exports:InlineMaxEvents"] = InProcessWaymark.Number(options.Events + 1) },
            cancellationToken);
        var seeding = Stopwatch.StartNew();
        await waymark.SeedAsync(new XorShift(options.Seed), options.Events, options.BatchSize, _ => UserNumber, identifyPercent: 1, cancellationToken);
        seeding.Stop();
        Console.Error.WriteLine($"seeded {options.Events:N0} events for one user in {seeding.Elapsed.TotalSeconds:F1} s");

        var path = $"/v1/users/{EventData.UserId(UserNumber)}/export?format={options.Format}";
        var runs = new List<(double Ms, double CpuMs, long Bytes, long Lines)>();
        for (var run = 0; run < options.Warmup + options.Runs; run++)
        {
            var result = await TimeExportAsync(waymark, path, cancellationToken);
            if (run >= options.Warmup)
            {
                runs.Add(result);
            }

            Console.Error.WriteLine($"{(run < options.Warmup ? "warm-up" : "run " + (run - options.Warmup + 1))}: {result.Ms:F0} ms ({result.CpuMs:F0} ms CPU, server and client), {result.Bytes / 1048576.0:F1} MiB, {result.Lines:N0} lines");
        }

        Report(options, runs);
        await BreakDownAsync(waymark.Services, waymark.Workspace.InternalId, options, cancellationToken);
        return 0;
    }

    private static async Task<(double Ms, double CpuMs, long Bytes, long Lines)> TimeExportAsync(InProcessWaymark waymark, string path, CancellationToken cancellationToken)
    {
        using var request = waymark.ServerRequest(HttpMethod.Get, path);
        var buffer = new byte[256 * 1024];
        long bytes = 0, lines = 0;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using (var response = await waymark.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        clock.Stop();
        process.Refresh();
        return (clock.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds, bytes, lines);
    }

    /// <summary>
    /// Where the time goes, without HTTP: reading and opening the events alone, then the whole export written to a
    /// stream that discards it. Best of <see cref="ExportLoadOptions.Runs"/> each.
    /// </summary>
    private static async Task BreakDownAsync(IServiceProvider services, long workspaceId, ExportLoadOptions options, CancellationToken cancellationToken)
    {
        var exporter = services.GetRequiredService<SubjectExporter>();
        var source = services.GetRequiredService<ExportEventSource>();
        var workspace = await services.GetRequiredService<KeyRing>().GetWorkspaceAsync(workspaceId, cancellationToken);
        var format = options.Format == "json" ? ExportFormat.Json : ExportFormat.Csv;
        double find = double.MaxValue, read = double.MaxValue, write = double.MaxValue;
        for (var run = 0; run < options.Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var subject = await exporter.FindAsync(workspace, SubjectKind.User, EventData.UserId(UserNumber), includePhi: true, cancellationToken)
                ?? throw new InvalidOperationException("The seeded user is not found.");
            await exporter.PhiKeysAsync(subject, cancellationToken);
            find = Math.Min(find, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await source.ForEachAsync(subject, new SortedSet<string>(StringComparer.Ordinal), (_, _) => ValueTask.CompletedTask, cancellationToken);
            read = Math.Min(read, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await exporter.WriteAsync(subject, format, Stream.Null, null, cancellationToken);
            write = Math.Min(write, clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"in process, best of {options.Runs}: profile, counts and PHI keys {find:F0} ms; events read, opened and decoded {read:F0} ms; whole export to Stream.Null {write:F0} ms"));
    }

    private static void Report(ExportLoadOptions options, List<(double Ms, double CpuMs, long Bytes, long Lines)> runs)
    {
        var best = runs.MinBy(r => r.Ms);
        var all = string.Join(", ", runs.Select(r => r.Ms.ToString("F0", CultureInfo.InvariantCulture)));
        var leastCpu = runs.Min(r => r.CpuMs);
        if (options.Json)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"mode":"export","format":"{{options.Format}}","events":{{options.Events}},"best_ms":{{best.Ms:F1}},"least_cpu_ms":{{leastCpu:F1}},"runs_ms":[{{all}}],"bytes":{{best.Bytes}},"lines":{{best.Lines}},"events_per_s":{{options.Events / (best.Ms / 1000):F0}}}"""));
            return;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"export of one user, {options.Events:N0} events, {options.Format}: best {best.Ms:F0} ms of {runs.Count} ({all} ms), least CPU {leastCpu:F0} ms; {best.Bytes / 1048576.0:F1} MiB, {best.Lines:N0} lines; {options.Events / (best.Ms / 1000):N0} events/s, {best.Bytes / 1048576.0 / (best.Ms / 1000):F0} MiB/s"));
    }
}
