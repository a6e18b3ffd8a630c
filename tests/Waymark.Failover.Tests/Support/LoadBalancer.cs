using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Waymark.TestSupport;

namespace Waymark.Failover.Tests.Support;

/// <summary>
/// Debian's <c>haproxy</c> in the foreground (<c>-db</c>) on a free 127.0.0.1 port in front of ingest nodes, configured
/// from the shipped <c>deploy/haproxy/waymark.cfg</c>: its <c>tune.</c> settings, its <c>defaults</c> and its
/// <c>waymark_ingest</c> backend (health checks, retries, timeouts) are used as they are; only the listening address
/// and the servers are the test's own.
/// </summary>
public sealed partial class LoadBalancer : IAsyncDisposable
{
    private const string ShippedConfig = "deploy/haproxy/waymark.cfg";
    private const string IngestBackend = "backend waymark_ingest";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();

    private LoadBalancer(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The log lines of requests HAProxy retried (the retries field of the line is not 0, e.g. <c>+1</c>).</summary>
    public IReadOnlyList<string> RetriedRequests() =>
        [.. Output.Split('\n').Where(line => line.Contains("/v1/batch", StringComparison.Ordinal) && RetriesField().Match(line) is { Success: true } match && match.Groups[1].Value != "0")];

    /// <summary>The shipped configuration file, copied next to the test assembly.</summary>
    public static string ShippedConfigPath => Path.Combine(AppContext.BaseDirectory, ShippedConfig);

    /// <summary>The haproxy binary, or null when it is not installed.</summary>
    public static string? Executable =>
        new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists);

    /// <summary>The test's configuration: the shipped settings, listening on <paramref name="port"/>, with the given ingest nodes.</summary>
    public static string TestConfig(int port, IReadOnlyList<IngestNode> nodes)
    {
        var sections = ReadSections(File.ReadAllLines(ShippedConfigPath));
        var config = new StringBuilder();
        config.AppendLine("global");
        // Request logs go to stdout, where the test counts the requests HAProxy replayed on another node.
        config.AppendLine("    log stdout format raw local0");
        foreach (var line in sections["global"].Where(l => l.TrimStart().StartsWith("tune.", StringComparison.Ordinal)))
        {
            config.AppendLine(line);
        }

        config.AppendLine("defaults");
        foreach (var line in sections["defaults"])
        {
            config.AppendLine(line);
        }

        config.AppendLine("frontend waymark")
            .AppendLine(CultureInfo.InvariantCulture, $"    bind 127.0.0.1:{port}")
            .AppendLine("    default_backend waymark_ingest");
        config.AppendLine(IngestBackend);
        foreach (var line in sections[IngestBackend].Where(l => !l.TrimStart().StartsWith("server ", StringComparison.Ordinal)))
        {
            config.AppendLine(line);
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"    server ingest{i + 1} 127.0.0.1:{nodes[i].Port} check");
        }

        return config.ToString();
    }

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/> and waits until a request passes through it.</summary>
    public static async Task<LoadBalancer> StartAsync(IReadOnlyList<IngestNode> nodes, string directory)
    {
        var haproxy = Executable ?? throw new InvalidOperationException(
            "haproxy is not installed. Run the tests with `bash scripts/test.sh`, which installs it (Debian package `haproxy`).");
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Find();
            var config = TestConfig(port, nodes);
            var file = Path.Combine(directory, "haproxy.cfg");
            await File.WriteAllTextAsync(file, config);
            var check = await ChildProcesses.RunAsync(haproxy, ["-c", "-f", file], directory, TimeSpan.FromSeconds(30));
            if (check.ExitCode != 0)
            {
                throw new InvalidOperationException($"haproxy -c rejected the test configuration:\n{check.Output}\n--- config ---\n{config}");
            }

            var balancer = Launch(haproxy, file, port, directory);
            try
            {
                await balancer.WaitUntilPassingAsync();
                return balancer;
            }
            catch (InvalidOperationException) when (attempt < attempts && balancer.Output.Contains("cannot bind", StringComparison.OrdinalIgnoreCase))
            {
                await balancer.DisposeAsync();
            }
            catch
            {
                await balancer.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>A config file cut at its unindented section headers; comments and blank lines dropped.</summary>
    private static Dictionary<string, List<string>> ReadSections(IEnumerable<string> lines)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                current = [];
                sections[string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries))] = current;
                continue;
            }

            current?.Add(line);
        }

        foreach (var required in new[] { "global", "defaults", IngestBackend })
        {
            if (!sections.ContainsKey(required))
            {
                throw new InvalidOperationException($"{ShippedConfig} has no '{required}' section.");
            }
        }

        return sections;
    }

    private static LoadBalancer Launch(string haproxy, string file, int port, string directory)
    {
        var startInfo = new ProcessStartInfo(haproxy)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "-db", "-f", file })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var balancer = new LoadBalancer(process, port);
        process.OutputDataReceived += (_, e) => balancer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => balancer.Append(e.Data);
        process.Start();
        ChildProcesses.KillOnExit(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return balancer;
    }


    /// <summary>
    /// In an HTTP log line, the termination state (4 characters) followed by actconn/feconn/beconn/srv_conn/retries
    /// and the queues; the retries count carries a + when the request was redispatched to another server.
    /// </summary>
    [GeneratedRegex(@" [-A-Za-z]{4} \d+/\d+/\d+/\d+/\+?(\d+) \d+/\d+ ")]
    private static partial Regex RetriesField();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_outputLock)
            {
                _output.Append(line).Append('\n');
            }
        }
    }

    private async Task WaitUntilPassingAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        var lastProblem = "no answer yet";
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"haproxy exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastProblem = $"GET /readyz through haproxy answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                lastProblem = exception.Message;
            }
            catch (TaskCanceledException)
            {
                lastProblem = "GET /readyz through haproxy timed out";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"haproxy did not pass requests within {StartTimeout} ({lastProblem}):\n{Output}");
    }
}
