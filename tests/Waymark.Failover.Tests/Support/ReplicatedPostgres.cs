using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Waymark.TestSupport;

namespace Waymark.Failover.Tests.Support;

/// <summary>
/// Two PostgreSQL clusters on 127.0.0.1 under one temporary directory: a primary, and a standby cloned from it with
/// <c>pg_basebackup -R</c> that streams its WAL as a synchronous standby (the primary's
/// <c>synchronous_standby_names</c> names it), so a commit is acknowledged only once the standby has it. This is the
/// replication a Patroni or pg_auto_failover pair runs; the test plays the failover manager itself (stop the primary,
/// promote the standby). Debian's PostgreSQL refuses to run as root, so under root both run as the <c>postgres</c> user.
/// </summary>
public sealed class ReplicatedPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string StandbyName = "standby1";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _runAsPostgres;
    private int _disposed;

    private ReplicatedPostgres(string binDirectory, string root, bool runAsPostgres)
    {
        _binDirectory = binDirectory;
        _root = root;
        _runAsPostgres = runAsPostgres;
    }

    public int PrimaryPort { get; private set; }

    public int StandbyPort { get; private set; }

    private string PrimaryData => Path.Combine(_root, "primary");

    private string StandbyData => Path.Combine(_root, "standby");

    /// <summary>Creates and starts the pair and waits until the standby streams synchronously.</summary>
    public static async Task<ReplicatedPostgres> StartAsync()
    {
        var runAsPostgres = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var root = Directory.CreateTempSubdirectory("waymark-pgha-").FullName;
        var pair = new ReplicatedPostgres(FindBinDirectory(), root, runAsPostgres);
        try
        {
            if (runAsPostgres)
            {
                await ChildProcesses.RunCheckedAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", root], root, ToolTimeout);
            }

            pair.StartWatchdog();
            await pair.ToolAsync("initdb", ["-D", pair.PrimaryData, "--auth=trust", "-U", SuperUser, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            pair.PrimaryPort = await pair.StartClusterAsync(
                pair.PrimaryData, "primary.log", ["-c wal_level=replica", "-c max_wal_senders=4", $"-c synchronous_standby_names={StandbyName}", "-c synchronous_commit=on"]);
            await pair.ToolAsync("pg_basebackup", ["-h", "127.0.0.1", "-p", Port(pair.PrimaryPort), "-U", SuperUser, "-D", pair.StandbyData, "-R", "-X", "stream", "-c", "fast"]);

            // The settings live on the command line, not in the copied postgresql.conf: once promoted, the standby
            // must not wait for a synchronous standby of its own that does not exist.
            pair.StandbyPort = await pair.StartClusterAsync(pair.StandbyData, "standby.log", [$"-c cluster_name={StandbyName}", "-c hot_standby=on"]);
            await pair.WaitForSynchronousStandbyAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string to one cluster only (for the test's own checks).</summary>
    public static string ConnectionString(int port, string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = SuperUser, Database = database, Pooling = false }.ConnectionString;

    /// <summary>Creates a database on the primary (it reaches the standby by replication).</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(PrimaryPort, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the primary the way a crash does: <c>pg_ctl stop -m immediate</c> (no checkpoint, connections cut).</summary>
    public Task StopPrimaryAsync() =>
        ToolAsync("pg_ctl", ["-D", PrimaryData, "-m", "immediate", "-w", "-t", "60", "stop"]);

    /// <summary>Promotes the standby to primary and waits until it accepts writes.</summary>
    public Task PromoteStandbyAsync() =>
        ToolAsync("pg_ctl", ["-D", StandbyData, "-w", "-t", "60", "promote"]);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var data in new[] { StandbyData, PrimaryData })
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try
                {
                    await ToolAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], throwOnError: false);
                }
                catch (TimeoutException)
                {
                    // The watchdog stops it once the test host exits.
                }
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("WAYMARK_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "pg_basebackup")))
        {
            return configured;
        }

        const string installRoot = "/usr/lib/postgresql";
        var bin = Directory.Exists(installRoot)
            ? Directory.GetDirectories(installRoot)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "pg_basebackup")))
                .OrderByDescending(dir => double.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_basebackup). Run the tests with `bash scripts/test.sh`, which installs it.");
    }

    /// <summary>Starts a cluster on a free port (another if that one was taken meanwhile); returns the port.</summary>
    private async Task<int> StartClusterAsync(string data, string log, IReadOnlyList<string> settings)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Find();
            var options = string.Join(' ', new[] { "-c listen_addresses=127.0.0.1", $"-p {Port(port)}", $"-k {_root}", "-c max_connections=200", "-c fsync=on" }.Concat(settings));
            var (exitCode, output) = await ToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_root, log), "-o", options, "-w", "-t", "60", "start"], throwOnError: false);
            if (exitCode == 0)
            {
                return port;
            }

            if (attempt == attempts)
            {
                throw new InvalidOperationException($"pg_ctl start of {data} failed (exit {exitCode}):\n{output}\n{Tail(Path.Combine(_root, log))}");
            }
        }
    }

    private async Task WaitForSynchronousStandbyAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var state = "(not connected)";
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using (var connection = new NpgsqlConnection(ConnectionString(PrimaryPort, "postgres")))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT sync_state FROM pg_stat_replication WHERE application_name = @name", connection);
                command.Parameters.AddWithValue("name", StandbyName);
                state = await command.ExecuteScalarAsync() as string ?? "(not connected)";
            }

            if (state == "sync")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the standby did not become a synchronous standby (state {state}).\n{Tail(Path.Combine(_root, "standby.log"))}");
    }

    /// <summary>
    /// A detached shell that waits for the test host to end, however it ends, then stops both clusters and deletes
    /// the directory: the test runner may kill the host before any of its own clean-up runs.
    /// </summary>
    private void StartWatchdog()
    {
        var stop = string.Join(
            "; ",
            new[] { StandbyData, PrimaryData }.Select(data => $"[ -f {data}/postmaster.pid ] && {string.Join(' ', ToolCommand("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]))}"));
        var script =
            "exec </dev/null >/dev/null 2>&1\n" +
            $"while kill -0 {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} 2>/dev/null; do sleep 1; done\n" +
            $"{stop}\n" +
            $"rm -rf {_root}\n";
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("setsid (util-linux) is needed to clean up after a killed test run.");
        using var process = Process.Start(new ProcessStartInfo(setsid, ["-f", "/bin/sh", "-c", script]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start the clean-up watchdog.");
    }

    private async Task<(int ExitCode, string Output)> ToolAsync(string tool, IReadOnlyList<string> arguments, bool throwOnError = true)
    {
        var command = ToolCommand(tool, arguments);
        var (exitCode, output) = await ChildProcesses.RunAsync(command[0], command[1..], _root, ToolTimeout);
        if (throwOnError && exitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with code {exitCode}:\n{output}");
        }

        return (exitCode, output);
    }

    /// <summary>The command line running a PostgreSQL tool, as the postgres user when the test runs as root.</summary>
    private List<string> ToolCommand(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        if (!_runAsPostgres)
        {
            return [executable, .. arguments];
        }

        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("runuser (util-linux) is needed to run PostgreSQL as the postgres user.");
        return [runuser, "-u", SuperUser, "--", executable, .. arguments];
    }

    private static string Tail(string file)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            return $"--- {file} ---\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
        }
        catch (IOException exception)
        {
            return $"(cannot read {file}: {exception.Message})";
        }
    }
}
