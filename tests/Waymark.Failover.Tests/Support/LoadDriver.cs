using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Waymark.Failover.Tests.Support;

/// <summary>What became of one <c>POST /v1/batch</c>: when it was sent and answered (seconds since the load began) and how.</summary>
public sealed record BatchOutcome(double Sent, double Answered, bool Acknowledged, string Status, IReadOnlyList<string> MessageIds);

/// <summary>
/// Concurrent tracking clients, each posting batches of new events (a fresh messageId per event, carried in the
/// public <c>probe</c> property as well) one after another. A client never re-sends a failed batch: every failure the
/// balancer or the nodes let through is counted as a failure.
/// </summary>
public sealed class LoadDriver : IDisposable
{
    private readonly HttpClient _client;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<BatchOutcome> _outcomes = new();
    private int _batchesStarted;
    private int _acknowledgedEvents;

    public LoadDriver(Uri baseAddress, string writeKey)
    {
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
    }

    /// <summary>Seconds since the driver was created, on the clock of every <see cref="BatchOutcome"/>.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public int AcknowledgedEvents => Volatile.Read(ref _acknowledgedEvents);

    public IReadOnlyList<BatchOutcome> Outcomes => [.. _outcomes.OrderBy(o => o.Sent)];

    /// <summary>
    /// Runs <paramref name="clients"/> clients until <paramref name="maxBatches"/> batches were sent or
    /// <paramref name="stop"/> fires. A client that got a failure waits <paramref name="pauseAfterFailure"/> before its
    /// next (new) batch, as an SDK backs off.
    /// </summary>
    public Task RunAsync(int clients, int batchSize, int maxBatches, TimeSpan pauseAfterFailure, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => RunClientAsync(batchSize, maxBatches, pauseAfterFailure, stop), CancellationToken.None)));

    /// <summary>Waits until at least <paramref name="events"/> events sent at or after <paramref name="sentAfter"/> were acknowledged.</summary>
    public async Task WaitForAcknowledgedAsync(int events, TimeSpan timeout, double sentAfter = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (AcknowledgedSince(sentAfter) < events)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"only {AcknowledgedSince(sentAfter)} of {events} events sent after {sentAfter:F2} s were acknowledged within {timeout}; answers so far: {Summary(Outcomes)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Counts of answers by status, e.g. "2xx x590, 503 x2".</summary>
    public static string Summary(IEnumerable<BatchOutcome> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));

    /// <summary>The longest stretch after <paramref name="from"/> during which no request was acknowledged, and where it began.</summary>
    public static (double Seconds, double Start) LongestWaitForAcknowledgement(IReadOnlyList<BatchOutcome> outcomes, double from)
    {
        var answers = outcomes.Where(o => o.Acknowledged && o.Answered >= from).Select(o => o.Answered).Order().ToList();
        var previous = from;
        var longest = (Seconds: 0.0, Start: from);
        foreach (var answered in answers)
        {
            if (answered - previous > longest.Seconds)
            {
                longest = (answered - previous, previous);
            }

            previous = answered;
        }

        return longest;
    }

    public void Dispose() => _client.Dispose();

    private int AcknowledgedSince(double sentAfter) =>
        sentAfter <= 0 ? AcknowledgedEvents : _outcomes.Where(o => o.Acknowledged && o.Sent >= sentAfter).Sum(o => o.MessageIds.Count);

    private async Task RunClientAsync(int batchSize, int maxBatches, TimeSpan pauseAfterFailure, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref _batchesStarted) <= maxBatches)
        {
            var messageIds = Enumerable.Range(0, batchSize).Select(_ => Guid.NewGuid().ToString()).ToArray();
            var body = JsonSerializer.Serialize(new
            {
                batch = messageIds.Select((id, i) => new Dictionary<string, object>
                {
                    ["type"] = "track",
                    ["userId"] = "failover-user-" + (i % 20).ToString(CultureInfo.InvariantCulture),
                    ["event"] = "Failover Test",
                    ["messageId"] = id,
                    ["properties"] = new Dictionary<string, string> { [FailoverWorkspace.ProbeProperty] = id },
                }).ToArray(),
            });
            var sent = Now;
            string status;
            var acknowledged = false;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await _client.PostAsync(new Uri("v1/batch", UriKind.Relative), content, stop);
                acknowledged = response.IsSuccessStatusCode;
                status = acknowledged ? "2xx" : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException exception)
            {
                status = "connection error: " + exception.HttpRequestError;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                status = "cancelled at the end of the test";
            }
            catch (TaskCanceledException)
            {
                status = "timed out";
            }

            _outcomes.Enqueue(new BatchOutcome(sent, Now, acknowledged, status, messageIds));
            if (acknowledged)
            {
                Interlocked.Add(ref _acknowledgedEvents, batchSize);
            }
            else if (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(pauseAfterFailure, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
