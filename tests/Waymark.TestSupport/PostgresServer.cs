using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Waymark.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: created on first use under a fresh temporary
/// directory, listening on 127.0.0.1 on a free port with trust authentication, and stopped and
/// deleted when the test process exits. Debian's PostgreSQL refuses to run as root, so when the
/// tests run as root the cluster belongs to (and runs as) the <c>postgres</c> OS user.
/// </summary>
public sealed partial class PostgresServer
{
    private const string SuperUser = "postgres";
    private const string DirectoryPrefix = "waymark-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private static readonly Lazy<PostgresServer> LazyInstance =
        new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly bool _runAsPostgresUser;
    private readonly object _stopLock = new();
    private bool _stopped;

    private PostgresServer(string binDirectory, string rootDirectory, bool runAsPostgresUser)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _runAsPostgresUser = runAsPostgresUser;
        DataDirectory = Path.Combine(rootDirectory, "data");
        SocketDirectory = rootDirectory;
        LogFile = Path.Combine(rootDirectory, "postgres.log");
    }

    /// <summary>The process-wide cluster, started on first use (thread-safe).</summary>
    public static PostgresServer Instance => LazyInstance.Value;

    /// <summary>The cluster's data directory (PGDATA).</summary>
    public string DataDirectory { get; }

    /// <summary>The directory holding the server's Unix socket.</summary>
    public string SocketDirectory { get; }

    /// <summary>The server's log file.</summary>
    public string LogFile { get; }

    /// <summary>The TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The PostgreSQL major version directory the binaries came from (e.g. "15").</summary>
    public string Version => Path.GetFileName(Path.GetDirectoryName(_binDirectory)) ?? "";

    /// <summary>Connection string for the superuser on the given database.</summary>
    public string ConnectionString(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            Pooling = pooling,
        }.ConnectionString;

    /// <summary>
    /// Creates a fresh database (named uniquely unless <paramref name="name"/> is given) and returns
    /// its Npgsql connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "waymark_" + Guid.NewGuid().ToString("N");
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name ([a-z_][a-z0-9_]*, at most 63 characters).", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE DATABASE \"" + name + "\"";
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Runs CHECKPOINT so that everything committed so far reaches the data files.</summary>
    public async Task CheckpointAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CHECKPOINT";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server (immediate shutdown) and deletes the cluster. Idempotent.</summary>
    public void Stop()
    {
        lock (_stopLock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            try
            {
                if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                {
                    RunTool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], throwOnError: false);
                }
            }
            finally
            {
                TryDeleteDirectory(_rootDirectory);
            }
        }
    }

    private static PostgresServer Start()
    {
        var binDirectory = FindBinDirectory();
        var runAsPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        RemoveAbandonedClusters(binDirectory, runAsPostgresUser);
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(binDirectory, root, runAsPostgresUser);
        try
        {
            server.InitializeCluster();
            server.StartWatchdog();
            server.StartServer();
        }
        catch
        {
            server.Stop();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>
    /// Starts a detached shell that waits for this process to end, however it ends, and then
    /// stops the cluster and deletes its directory. The ProcessExit handler does the same sooner,
    /// but the test runner may kill the test host before that handler has finished (or at all).
    /// </summary>
    private void StartWatchdog()
    {
        const string script =
            "exec </dev/null >/dev/null 2>&1\n" +
            "owner=$1; dir=$2; shift 2\n" +
            "while kill -0 \"$owner\" 2>/dev/null; do sleep 1; done\n" +
            "if [ -f \"$dir/data/postmaster.pid\" ]; then \"$@\"; fi\n" +
            "rm -rf \"$dir\"\n";
        var stop = ToolCommand("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
        List<string> arguments = ["-c", script, "waymark-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _rootDirectory, .. stop];

        // setsid puts the watchdog in its own session: neither a kill of the test host's process tree
        // nor a Ctrl+C in the terminal reaches it.
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        if (setsid is not null)
        {
            RunProcess(setsid, ["-f", "/bin/sh", .. arguments], throwOnError: true);
        }
        else
        {
            RunProcess("/bin/sh", ["-c", "\"$0\" \"$@\" &", "/bin/sh", .. arguments], throwOnError: true);
        }
    }

    /// <summary>
    /// Stops and deletes clusters left behind by test processes that were killed before they could
    /// clean up (their owner.pid names a process that no longer runs).
    /// </summary>
    private static void RemoveAbandonedClusters(string binDirectory, bool runAsPostgresUser)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var directory in candidates)
        {
            var ownerFile = Path.Combine(directory, OwnerFile);
            try
            {
                if (!File.Exists(ownerFile) ||
                    !int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner) ||
                    IsRunning(owner))
                {
                    continue;
                }

                new PostgresServer(binDirectory, directory, runAsPostgresUser).Stop();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                // Best effort: somebody else's leftovers must not fail this run.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        var overrideDirectory = Environment.GetEnvironmentVariable("WAYMARK_PG_BIN");
        if (!string.IsNullOrEmpty(overrideDirectory) && File.Exists(Path.Combine(overrideDirectory, "initdb")))
        {
            return overrideDirectory;
        }

        const string installRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(installRoot)
            ? Directory.GetDirectories(installRoot)
                .Where(dir => File.Exists(Path.Combine(dir, "bin", "initdb")))
                .OrderByDescending(dir => double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb found. " +
                "Run the tests with `bash scripts/test.sh`, which installs PostgreSQL (Debian package `postgresql`), " +
                "or set WAYMARK_PG_BIN to a directory holding initdb and pg_ctl.");
        }

        return Path.Combine(candidates[0], "bin");
    }

    private void InitializeCluster()
    {
        if (_runAsPostgresUser)
        {
            RunProcess("chown", ["-R", $"{SuperUser}:{SuperUser}", _rootDirectory], throwOnError: true);
        }

        RunTool(
            "initdb",
            ["-D", DataDirectory, "--auth=trust", "-U", SuperUser, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            throwOnError: true);
    }

    private void StartServer()
    {
        // The port is chosen by binding port 0 and releasing it; another process could grab it in
        // between, so a failed start is retried on a new port.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Find();
            var options = string.Join(
                ' ',
                "-c listen_addresses=127.0.0.1",
                $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                $"-k {SocketDirectory}",
                "-c fsync=on",
                "-c max_connections=200");
            var (exitCode, output) = RunTool(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"],
                throwOnError: false);
            if (exitCode == 0)
            {
                return;
            }

            if (attempt == attempts)
            {
                throw new InvalidOperationException(
                    $"pg_ctl start failed (exit {exitCode}):\n{output}\n--- {LogFile} ---\n{ReadLogTail()}");
            }
        }
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
        }
        catch (IOException ex)
        {
            return $"(cannot read log: {ex.Message})";
        }
        catch (UnauthorizedAccessException ex)
        {
            return $"(cannot read log: {ex.Message})";
        }
    }

    private (int ExitCode, string Output) RunTool(string tool, IReadOnlyList<string> arguments, bool throwOnError)
    {
        var command = ToolCommand(tool, arguments);
        return RunProcess(command[0], command[1..], throwOnError);
    }

    /// <summary>The command line running a PostgreSQL tool, as the postgres user when we are root.</summary>
    private List<string> ToolCommand(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        if (!_runAsPostgresUser)
        {
            return [executable, .. arguments];
        }

        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);
        if (runuser is not null)
        {
            return [runuser, "-u", SuperUser, "--", executable, .. arguments];
        }

        var commandLine = string.Join(' ', new[] { executable }.Concat(arguments).Select(ShellQuote));
        return ["su", SuperUser, "-s", "/bin/sh", "-c", commandLine];
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private (int ExitCode, string Output) RunProcess(string fileName, IReadOnlyList<string> arguments, bool throwOnError)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the current directory (e.g. /root/...).
            WorkingDirectory = _rootDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        output.Append(stdout.GetAwaiter().GetResult()).Append(stderr.GetAwaiter().GetResult());
        var text = output.ToString().Trim();
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{text}");
        }

        return (process.ExitCode, text);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory must not fail the test run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
