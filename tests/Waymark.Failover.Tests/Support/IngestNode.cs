using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Failover.Tests.Support;

/// <summary>
/// <c>waymark serve --role ingest</c> as a child process on a free 127.0.0.1 port, the way production runs
/// several of them behind a load balancer; <see cref="Kill"/> is a SIGKILL, not a graceful stop.
/// </summary>
public sealed class IngestNode : IAsyncDisposable
{
    private readonly WaymarkProcess _process;

    private IngestNode(WaymarkProcess process) => _process = process;

    public int Port => _process.Port;

    public Uri BaseAddress => _process.BaseAddress;

    /// <summary>The most recent output of the node (stdout and stderr), for failure messages.</summary>
    public string OutputTail => _process.Output.Length <= 3000 ? _process.Output : "..." + _process.Output[^3000..];

    /// <summary>The errors the node logged, by category and exception type, with how often each occurred.</summary>
    public string ErrorSummary()
    {
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in _process.Output.Split('\n').Where(l => l.StartsWith('{') && l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)))
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

    /// <summary>Starts the node and waits until <c>/readyz</c> answers 200 (its database answers and its queue has room).</summary>
    public static async Task<IngestNode> StartAsync(string dataDirectory, string database, IReadOnlyDictionary<string, string>? environment = null) =>
        new(await WaymarkProcess.StartAsync(dataDirectory, database, environment?.ToDictionary(p => p.Key, p => (string?)p.Value), role: "ingest"));

    /// <summary>SIGKILL: no drain, no graceful shutdown, in-flight requests are cut off.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>An exception's message and its first frame in Waymark's own code.</summary>
    private static string FirstLines(string exception)
    {
        var lines = exception.Split('\n');
        var frame = lines.FirstOrDefault(l => l.Contains(" Waymark.", StringComparison.Ordinal))?.Trim();
        return frame is null ? lines[0].Trim() : $"{lines[0].Trim()} ({frame})";
    }
}
