using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Failover.Tests.Support;

/// <summary>
/// <c>waymark serve --role ingest</c> as a child process on a free 127.0.0.1 port, the way production runs
/// several of them behind a load balancer; <see cref="Kill"/> is a SIGKILL, not a graceful stop.
/// </summary>
public sealed class IngestNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();

    private IngestNode(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The most recent output of the node (stdout and stderr), for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_outputLock)
            {
                return _output.Length <= 3000 ? _output.ToString() : "..." + _output.ToString(_output.Length - 3000, 3000);
            }
        }
    }

    /// <summary>The errors the node logged, by category and exception type, with how often each occurred.</summary>
    public string ErrorSummary()
    {
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines;
        lock (_outputLock)
        {
            lines = _output.ToString().Split('\n');
        }

        foreach (var line in lines.Where(l => l.StartsWith('{') && l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)))
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                var root = entry.RootElement;
                var exception = root.TryGetProperty("Exception", out var e) && e.GetString() is { } text ? FirstLines(text) : null;
                var key = $"{root.GetProperty("Category").GetString()}: {exception ?? root.GetProperty("Message").GetString()}";
                errors[key] = errors.GetValueOrDefault(key) + 1;
            }
            catch (JsonException)
            {
                errors[line] = errors.GetValueOrDefault(line) + 1;
            }
        }

        return errors.Count == 0 ? "(none)" : string.Join("\n", errors.OrderByDescending(p => p.Value).Select(p => $"  {p.Value} x {p.Key}"));
    }

    /// <summary>An exception's message and its first frame in Waymark's own code.</summary>
    private static string FirstLines(string exception)
    {
        var lines = exception.Split('\n');
        var frame = lines.FirstOrDefault(l => l.Contains(" Waymark.", StringComparison.Ordinal))?.Trim();
        return frame is null ? lines[0].Trim() : $"{lines[0].Trim()} ({frame})";
    }

    /// <summary>Starts the node and waits until <c>/readyz</c> answers 200 (its database answers and its queue has room).</summary>
    public static async Task<IngestNode> StartAsync(string dataDirectory, string database, IReadOnlyDictionary<string, string>? environment = null)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Find();
            var node = Launch(dataDirectory, database, port, environment);
            try
            {
                await node.WaitUntilReadyAsync();
                return node;
            }
            catch (InvalidOperationException) when (attempt < attempts && node.OutputTail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL: no drain, no graceful shutdown, in-flight requests are cut off.</summary>
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
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static IngestNode Launch(string dataDirectory, string database, int port, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(ChildProcesses.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var argument in new[]
        {
            WaymarkProcess.AssemblyPath, "serve", "--role", "ingest", "--data", dataDirectory, "--database", database,
            "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var node = new IngestNode(process, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        ChildProcesses.KillOnExit(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
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
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, _output.Length - (32 * 1024));
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(5) };
        var readyz = new Uri(BaseAddress, "readyz");
        var stopwatch = Stopwatch.StartNew();
        var lastProblem = "no answer yet";
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"waymark serve --role ingest exited with code {_process.ExitCode} before becoming ready.\n{OutputTail}");
            }

            try
            {
                using var response = await client.GetAsync(readyz);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastProblem = $"GET /readyz answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                lastProblem = exception.Message;
            }
            catch (TaskCanceledException)
            {
                lastProblem = "GET /readyz timed out";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"waymark serve --role ingest was not ready within {StartTimeout} ({lastProblem}).\n{OutputTail}");
    }
}
