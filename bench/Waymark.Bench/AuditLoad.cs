using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waymark.Audit;
using Waymark.Storage;

namespace Waymark.Bench;

internal sealed record AuditLoadOptions(
    string Provider,
    string Connection,
    int Entries,
    int Concurrency,
    int Workspaces,
    int Warmup,
    bool Json,
    ulong Seed);

/// <summary>
/// The audit log's write path exactly as the server runs it: Waymark's own storage and audit services
/// (<see cref="IAuditLog"/>, the group-committing writer and its SQLite / PostgreSQL store), with
/// <c>--concurrency</c> callers each awaiting <see cref="IAuditLog.RecordAsync"/> one entry at a time, as request
/// handlers do. The schema is applied here with <see cref="SchemaMigrator"/> (audit schema only), so a fresh data
/// directory or an empty PostgreSQL database is all it needs.
/// </summary>
internal static class AuditLoad
{
    // Records which audit_entries rowid each SQLite commit ended at. The writer moves every touched chain head once
    // per commit, after inserting that commit's entries, so the distinct MAX(rowid) values seen by a trigger on
    // audit_heads are exactly the commits. Waymark exposes no audit commit metric, and this costs a few indexed
    // lookups per touched head per commit. The duplicate check is a WHERE, not INSERT OR IGNORE: the writer's
    // upsert is the outer statement, and its conflict handling overrides a trigger's. Removed at the end of a
    // successful run (a failed one leaves it in its throwaway database).
    private const string SqliteInstallCounter = """
        CREATE TABLE IF NOT EXISTS bench_audit_commits (last_rowid INTEGER PRIMARY KEY);
        CREATE TRIGGER IF NOT EXISTS bench_audit_commit_insert AFTER INSERT ON audit_heads
          BEGIN INSERT INTO bench_audit_commits (last_rowid) SELECT m FROM (SELECT MAX(rowid) AS m FROM audit_entries)
            WHERE NOT EXISTS (SELECT 1 FROM bench_audit_commits WHERE last_rowid = m); END;
        CREATE TRIGGER IF NOT EXISTS bench_audit_commit_update AFTER UPDATE ON audit_heads
          BEGIN INSERT INTO bench_audit_commits (last_rowid) SELECT m FROM (SELECT MAX(rowid) AS m FROM audit_entries)
            WHERE NOT EXISTS (SELECT 1 FROM bench_audit_commits WHERE last_rowid = m); END;
        """;

    private const string SqliteRemoveCounter = """
        DROP TRIGGER IF EXISTS bench_audit_commit_insert;
        DROP TRIGGER IF EXISTS bench_audit_commit_update;
        DROP TABLE IF EXISTS bench_audit_commits;
        """;

    private static readonly string[] Reads = ["profile", "events"];
    private static readonly string[] Phi = ["withheld", "withheld", "withheld", "included"];

    public static async Task<int> RunAsync(AuditLoadOptions options, CancellationToken cancellationToken)
    {
        if (options.Provider is not ("sqlite" or "postgres"))
        {
            await Console.Error.WriteLineAsync("audit: --provider is sqlite or postgres");
            return 2;
        }

        // The same keys `waymark --data/--database` sets (WaymarkConfiguration), so WaymarkDatabase picks the
        // provider, pool and SQLite pragmas the server would.
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.Provider == "sqlite")
        {
            settings["Waymark:DataDirectory"] = SqliteDataDirectory(options.Connection);
        }
        else
        {
            settings["Waymark:Database"] = options.Connection;
        }

        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        // Warnings only, on stderr, so that --json output stays one clean line; the writer logs failed commits.
        services.AddLogging(b =>
        {
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            b.AddFilter(level => level >= LogLevel.Warning);
        });
        services.AddWaymarkStorage();
        services.AddWaymarkAudit();

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        var database = provider.GetRequiredService<WaymarkDatabase>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(database, SqliteInstallCounter, cancellationToken);
        }

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(cancellationToken);
        }

        var log = provider.GetRequiredService<IAuditLog>();
        var rng = new XorShift(options.Seed);
        var workspaces = Math.Max(1, options.Workspaces);
        var warmup = Generate(rng, options.Warmup, workspaces);
        var measured = Generate(rng, options.Entries, workspaces);

        // Warm-up first (JIT tiering, pooled connections, a head row for every chain), so the measured run starts
        // from the steady state a running server is in.
        if (warmup.Length > 0)
        {
            var warm = await CallAsync(log, warmup, options.Concurrency, cancellationToken);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {warmup.Length:N0} entries in {warm.Seconds:F2} s = {warmup.Length / warm.Seconds:N0} entries/s"));
        }

        var before = await CountAsync(database, cancellationToken);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var writtenBefore = RawBaseline.WrittenBytes();
        var run = await CallAsync(log, measured, options.Concurrency, cancellationToken);
        var written = RawBaseline.WrittenBytes() - writtenBefore;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;

        // Stopping drains the queue; every measured entry was already awaited, so there is nothing left to wait for.
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        // Warm-up entries were all committed before the measured run began, and every measured entry was awaited,
        // so no commit holds both: the differences are exactly the measured entries and their commits.
        var after = await CountAsync(database, cancellationToken);
        var (stored, commits) = (after.Entries - before.Entries, after.Commits - before.Commits);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(database, SqliteRemoveCounter, cancellationToken);
        }

        var rate = measured.Length / run.Seconds;
        var perCommit = commits > 0 ? (double)stored / commits : 0;
        var cpuUs = cpu.TotalMicroseconds / Math.Max(1, measured.Length);
        var (p50, p90, p99, max) = (run.Percentile(0.50), run.Percentile(0.90), run.Percentile(0.99), run.Percentile(1.0));
        // On SQLite every byte of WAL and checkpoint goes through this process; on PostgreSQL the server writes.
        var bytesPerEntry = written / Math.Max(1, measured.Length);
        var bytesJson = database.Provider == DatabaseProvider.Sqlite ? bytesPerEntry.ToString(CultureInfo.InvariantCulture) : "null";
        var bytesText = database.Provider == DatabaseProvider.Sqlite ? string.Create(CultureInfo.InvariantCulture, $"; wrote {bytesPerEntry:N0} bytes per entry") : "";
        if (options.Json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"mode\":\"audit\",\"provider\":\"{options.Provider}\",\"entries\":{measured.Length},\"stored\":{stored},\"concurrency\":{options.Concurrency},\"workspaces\":{workspaces},\"seconds\":{run.Seconds:F3},\"entriesPerSecond\":{rate:F0},\"p50Ms\":{p50:F2},\"p90Ms\":{p90:F2},\"p99Ms\":{p99:F2},\"maxMs\":{max:F2},\"commits\":{commits},\"entriesPerCommit\":{perCommit:F1},\"benchCpuUsPerEntry\":{cpuUs:F0},\"writtenBytesPerEntry\":{bytesJson}}}"));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit {options.Provider}: {measured.Length:N0} entries, {options.Concurrency} callers, {workspaces} workspaces: {run.Seconds:F2} s = {rate:N0} entries/s; RecordAsync p50 {p50:F2} ms, p90 {p90:F2} ms, p99 {p99:F2} ms, max {max:F1} ms; {commits:N0} commits = {perCommit:F1} entries per commit; this process {cpuUs:F0} µs CPU per entry{bytesText}"));
        }

        // Every awaited entry must be in the log; anything else means the numbers above are not what they claim.
        if (stored != measured.Length)
        {
            await Console.Error.WriteLineAsync($"audit: {measured.Length} entries were recorded but {stored} are stored");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// The SQLite data directory (where waymark.db is, as <c>waymark --data</c>); a path to a <c>waymark.db</c> file
    /// is taken as its folder, because Waymark always names its database file so.
    /// </summary>
    private static string SqliteDataDirectory(string connection) =>
        Path.GetFileName(connection) == "waymark.db" ? Path.GetDirectoryName(Path.GetFullPath(connection))! : connection;

    /// <summary>
    /// Reads of a person's data by a server key, shaped as <c>ReadEndpoints</c> records them: target a 16-byte
    /// keyed subject hash in hex, the caller's address, a W3C trace id as request id, and two details.
    /// </summary>
    private static AuditEvent[] Generate(XorShift rng, int count, int workspaces)
    {
        var events = new AuditEvent[Math.Max(0, count)];
        Span<byte> subject = stackalloc byte[16];
        Span<byte> trace = stackalloc byte[16];
        for (var i = 0; i < events.Length; i++)
        {
            var workspace = 1 + rng.Next(workspaces);
            rng.Fill(subject);
            rng.Fill(trace);
            events[i] = new AuditEvent(
                workspace,
                AuditActions.PersonalDataRead,
                AuditActor.Key(100 + workspace),
                AuditOutcome.Success,
                "user",
                Convert.ToHexStringLower(subject),
                string.Create(CultureInfo.InvariantCulture, $"10.0.{rng.Next(4)}.{1 + rng.Next(250)}"),
                Convert.ToHexStringLower(trace),
                new Dictionary<string, string>
                {
                    ["what"] = Reads[rng.Next(Reads.Length)],
                    ["phi"] = Phi[rng.Next(Phi.Length)],
                });
        }

        return events;
    }

    /// <summary><paramref name="concurrency"/> loops, each awaiting one entry at a time until all are recorded.</summary>
    private static async Task<Run> CallAsync(IAuditLog log, AuditEvent[] events, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[events.Length];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var callers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < events.Length)
            {
                var sent = Stopwatch.GetTimestamp();
                await log.RecordAsync(events[index], cancellationToken);
                latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(callers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return new Run(latencies, seconds);
    }

    /// <summary>
    /// Entries in the log and the transactions that stored them. On PostgreSQL every row carries the id of the
    /// transaction that inserted it (<c>xmin</c>), and the writer inserts each group in one transaction; on SQLite
    /// the commits come from the trigger installed at the start.
    /// </summary>
    private static async Task<(long Entries, long Commits)> CountAsync(WaymarkDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = database.Provider == DatabaseProvider.Postgres
            ? "SELECT COUNT(*), COUNT(DISTINCT xmin::text) FROM audit_entries"
            : "SELECT (SELECT COUNT(*) FROM audit_entries), (SELECT COUNT(*) FROM bench_audit_commits)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(WaymarkDatabase database, string sql, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Run(double[] SortedLatencies, double Seconds)
    {
        public double Percentile(double q) =>
            SortedLatencies.Length == 0 ? 0 : SortedLatencies[Math.Clamp((int)Math.Ceiling(q * SortedLatencies.Length) - 1, 0, SortedLatencies.Length - 1)];
    }
}
