using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Waymark.TestSupport;

/// <summary>
/// The real <c>waymark</c> binary run as a child process (<c>dotnet waymark.dll ...</c>), for
/// end-to-end tests that need a server which can be killed like a production process.
/// </summary>
public sealed class WaymarkProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 256 * 1024;
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<WaymarkProcess, byte> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();
    private int _droppedChars;

    static WaymarkProcess()
    {
        // A test run that ends (or crashes in managed code) must not leave servers behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                process.Kill();
            }
        };
    }

    private WaymarkProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The path of <c>waymark.dll</c> next to the test assembly.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "waymark.dll");

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The process id of the server.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the server process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server wrote to stdout and stderr so far (the most recent 256 KB).</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _droppedChars > 0
                    ? $"[... {_droppedChars} earlier characters dropped ...]\n{_output}"
                    : _output.ToString();
            }
        }
    }

    /// <summary>
    /// Runs <c>waymark ARGS</c> to completion and returns its stdout; throws, including stderr,
    /// when it exits with a non-zero code.
    /// </summary>
    public static Task<string> RunCliAsync(params string[] args) => RunCliWithInputAsync("", args);

    /// <summary>The same, writing <paramref name="input"/> to its standard input first (a password for <c>--password-stdin</c>).</summary>
    public static async Task<string> RunCliWithInputAsync(string input, params string[] args)
    {
        var run = await RunCliForResultAsync(input, environment: null, args);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"waymark {string.Join(' ', args)} exited with code {run.ExitCode}.\nstderr:\n{run.Errors}\nstdout:\n{run.Output}");
        }

        return run.Output;
    }

    /// <summary>
    /// Runs <c>waymark ARGS</c> to completion with extra environment variables (settings such as
    /// <c>Waymark__Backups__Locations__local__Path</c>) and returns its exit code, stdout and stderr, whatever the exit code:
    /// for tests of commands that must refuse.
    /// </summary>
    public static Task<CliRun> RunCliAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunCliForResultAsync("", environment, args);

    private static async Task<CliRun> RunCliForResultAsync(string input, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var startInfo = CreateStartInfo(args, Path.GetTempPath(), environment);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start the waymark CLI.");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(CliTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException(
                    $"waymark {string.Join(' ', args)} did not finish within {CliTimeout}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
            }
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts <c>waymark serve --data DATADIR --urls http://127.0.0.1:PORT [--database CONN]</c> on a
    /// free port and waits until <c>GET /healthz</c> answers 200.
    /// </summary>
    public static Task<WaymarkProcess> StartAsync(string dataDir, string? database = null) =>
        StartAsync(dataDir, database, environment: null);

    /// <summary>
    /// Starts the server like <see cref="StartAsync(string, string?)"/>, with extra environment
    /// variables for the child process. With <paramref name="role"/> only that role runs (<c>--role</c>), as on a
    /// node behind a load balancer, and the wait is for <c>GET /readyz</c>: its database answers and it takes work.
    /// </summary>
    public static async Task<WaymarkProcess> StartAsync(
        string dataDir, string? database, IReadOnlyDictionary<string, string?>? environment, string? role = null)
    {
        Directory.CreateDirectory(dataDir);
        // The port is found by binding port 0 and releasing it; should another process take it in
        // between, the server fails to bind and is started again on another port.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Find();
            var args = new List<string>
            {
                "serve", "--data", dataDir, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            };
            if (database is not null)
            {
                args.Add("--database");
                args.Add(database);
            }

            if (role is not null)
            {
                args.Add("--role");
                args.Add(role);
            }

            var server = Launch(args, dataDir, environment, port);
            try
            {
                await server.WaitUntilHealthyAsync(role is null ? "healthz" : "readyz");
                return server;
            }
            catch (InvalidOperationException) when (
                attempt < attempts && server.HasExited &&
                server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the server at once (SIGKILL, whole process tree) and waits for it to exit.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Not started or already disposed.
        }

        Running.TryRemove(this, out _);
    }

    /// <summary>Kills the server if it is still running.</summary>
    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static WaymarkProcess Launch(
        IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, int port)
    {
        var startInfo = CreateStartInfo(args, workingDirectory, environment);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new WaymarkProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the waymark server.");
        }

        Running.TryAdd(server, 0);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private static ProcessStartInfo CreateStartInfo(
        IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new FileNotFoundException(
                $"waymark.dll not found next to the test assembly ({AssemblyPath}); build the solution first.", AssemblyPath);
        }

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // Settings of the test host must not leak into the server.
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("DOTNET_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        startInfo.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private static string DotnetHost()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null &&
            string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal))
        {
            return processPath;
        }

        return "dotnet";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Append(line).Append('\n');
            if (_output.Length > MaxOutputChars)
            {
                var drop = _output.Length - (MaxOutputChars / 2);
                _output.Remove(0, drop);
                _droppedChars += drop;
            }
        }
    }

    private async Task WaitUntilHealthyAsync(string probe)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        var healthz = new Uri(BaseAddress, probe);
        var stopwatch = Stopwatch.StartNew();
        var lastProblem = "no answer yet";
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // lets the output readers finish
                throw new InvalidOperationException(
                    $"waymark serve exited with code {_process.ExitCode} before becoming healthy.\n--- output ---\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(healthz);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastProblem = $"GET /{probe} answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastProblem = ex.Message;
            }
            catch (TaskCanceledException)
            {
                lastProblem = $"GET /{probe} timed out";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"waymark serve did not become healthy within {StartTimeout} ({lastProblem}).\n--- output ---\n{Output}");
    }
}
