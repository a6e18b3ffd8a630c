using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Waymark.TestSupport;
using Xunit.Abstractions;

namespace Waymark.Ingest.Tests.EndToEnd;

/// <summary>
/// The durability promise — an acknowledged event is never lost, and a retried messageId is stored
/// once — checked by SIGKILLing the real server process in the middle of concurrent traffic.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Rounds = 4;
    private const int Senders = 8;
    private const int UserCount = 20;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Ingest_WhenProcessIsKilledRepeatedly_KeepsEveryAcknowledgedEventExactlyOnce(string provider)
    {
        using var budget = new CancellationTokenSource(TestBudget);
        await RunAsync(provider, budget.Token).WaitAsync(TestBudget + TimeSpan.FromSeconds(5));
    }

    private async Task RunAsync(string provider, CancellationToken cancellationToken)
    {
        await using var environment = await EndToEndEnvironment.CreateAsync(provider);
        var ledger = new Ledger();
        var log = new StringBuilder();

        for (var round = 1; round <= Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var server = await environment.StartServerAsync();
            using var ingest = environment.CreateIngestClient(server);
            using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            var ackedBefore = ledger.AcknowledgedCount;
            var firstAcknowledgement = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var senders = Enumerable.Range(0, Senders)
                .Select(_ => Task.Run(() => SendUntilStoppedAsync(ingest, ledger, firstAcknowledgement, stopSending.Token), CancellationToken.None))
                .ToArray();

            // A freshly started server answers its first requests slowly (JIT, connection pools):
            // the kill is timed from the moment traffic is acknowledged, so that it lands mid-traffic.
            var warmUp = Stopwatch.StartNew();
            await Task.WhenAny(firstAcknowledgement.Task, Task.WhenAll(senders), Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
            if (!firstAcknowledgement.Task.IsCompleted)
            {
                server.Kill();
                await stopSending.CancelAsync();
                await Task.WhenAll(senders);
                Assert.Fail($"round {round}: no request was acknowledged within {warmUp.Elapsed.TotalSeconds:F1} s ({ledger.TakeOutcomes()}).\n{log}--- server output (tail) ---\n{Tail(server.Output)}");
            }

            var warmUpTime = warmUp.Elapsed;
            var killAfter = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(300, 1501));
            await Task.Delay(killAfter, cancellationToken);
            server.Kill();
            await stopSending.CancelAsync();
            await Task.WhenAll(senders);

            log.Append(CultureInfo.InvariantCulture, $"round {round}: first acknowledgement after {warmUpTime.TotalMilliseconds:F0} ms, killed {killAfter.TotalMilliseconds} ms later, ")
               .Append(CultureInfo.InvariantCulture, $"{ledger.AcknowledgedCount - ackedBefore} newly acknowledged, ")
               .Append(CultureInfo.InvariantCulture, $"{ledger.UnconfirmedCount} unconfirmed so far; requests: {ledger.TakeOutcomes()}\n");
            var errors = ErrorLines(server.Output);
            if (errors.Count > 0)
            {
                log.Append(CultureInfo.InvariantCulture, $"  the server logged {errors.Count} errors, first: {DescribeError(errors[0])}\n");
            }
        }

        Assert.True(
            ledger.AcknowledgedCount >= 50,
            $"too little traffic was acknowledged to prove anything ({ledger.AcknowledgedCount}):\n{log}");
        Assert.True(ledger.RetriedAcknowledged > 0, $"no acknowledged message was re-sent as a retry:\n{log}");

        await using var finalServer = await environment.StartServerAsync();
        using var readClient = environment.CreateReadClient(finalServer);

        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var k = 0; k < UserCount; k++)
        {
            var userId = UserId(k);
            var events = await EndToEndEnvironment.GetAllEventsAsync(readClient, userId, cancellationToken);
            foreach (var item in events)
            {
                var messageId = item.GetProperty("message_id").GetString() ?? "(null)";
                stored[messageId] = stored.GetValueOrDefault(messageId) + 1;
                if (ledger.UserOf(messageId) is { } expectedUser && expectedUser != userId)
                {
                    problems.Add($"{messageId} was sent for {expectedUser} but is listed under {userId}");
                }
            }

            var profile = await EndToEndEnvironment.GetUserAsync(readClient, userId, cancellationToken);
            var eventCount = profile is { } p ? p.GetProperty("event_count").GetInt64() : 0;
            if (eventCount != events.Count)
            {
                problems.Add($"{userId}: event_count is {eventCount} but {events.Count} events are listed");
            }
        }

        output.WriteLine(log.ToString());
        output.WriteLine($"{ledger.AcknowledgedCount} acknowledged, {stored.Count} distinct stored, {ledger.RetriedAcknowledged} retries of acknowledged messages");

        if (!ledger.UnexpectedAnswers.IsEmpty)
        {
            problems.Add(
                $"{ledger.UnexpectedAnswers.Count} well-formed requests were answered with a client error or 500, " +
                $"e.g. {string.Join(" | ", ledger.UnexpectedAnswers.Take(3))}");
        }

        var duplicated = stored.Where(p => p.Value > 1).Select(p => $"{p.Key} x{p.Value}").ToList();
        var lost = ledger.AcknowledgedIds.Where(id => !stored.ContainsKey(id)).ToList();
        var unknown = stored.Keys.Where(id => ledger.UserOf(id) is null).ToList();

        Assert.True(
            duplicated.Count == 0 && lost.Count == 0 && unknown.Count == 0 && problems.Count == 0,
            $"{ledger.AcknowledgedCount} acknowledged, {stored.Count} distinct stored; " +
            $"{lost.Count} acknowledged but lost (e.g. {string.Join(", ", lost.Take(5))}); " +
            $"{duplicated.Count} stored more than once (e.g. {string.Join(", ", duplicated.Take(5))}); " +
            $"{unknown.Count} stored but never sent (e.g. {string.Join(", ", unknown.Take(5))}); " +
            $"{string.Join("; ", problems.Take(10))}\n{log}--- server output (tail) ---\n{Tail(finalServer.Output)}");
    }

    /// <summary>
    /// One client: posts batches (and now and then a single track call) of new messages, mixed with
    /// retries of messages it sent before — acknowledged or not, as a real client retries.
    /// </summary>
    private static async Task SendUntilStoppedAsync(
        HttpClient ingest, Ledger ledger, TaskCompletionSource firstAcknowledgement, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var single = RandomNumberGenerator.GetInt32(5) == 0;
            var messages = new List<Message>();
            if (single)
            {
                messages.Add(RandomNumberGenerator.GetInt32(4) == 0 ? ledger.PickRetry() ?? ledger.NewMessage() : ledger.NewMessage());
            }
            else
            {
                var size = RandomNumberGenerator.GetInt32(1, 21);
                var retries = RandomNumberGenerator.GetInt32(3) == 0 ? RandomNumberGenerator.GetInt32(1, Math.Min(size, 5) + 1) : 0;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < retries; i++)
                {
                    if (ledger.PickRetry() is { } retry && seen.Add(retry.MessageId))
                    {
                        messages.Add(retry);
                    }
                }

                while (messages.Count < size)
                {
                    messages.Add(ledger.NewMessage());
                }
            }

            var (path, body) = single
                ? ("v1/track", JsonSerializer.Serialize(Payload(messages[0], includeType: false)))
                : ("v1/batch", JsonSerializer.Serialize(new { batch = messages.Select(m => Payload(m, includeType: true)).ToArray() }));

            bool acknowledged;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await ingest.PostAsync(new Uri(path, UriKind.Relative), content, stop);
                acknowledged = response.IsSuccessStatusCode;
                ledger.CountOutcome(acknowledged ? "2xx" : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                if (!acknowledged && (int)response.StatusCode is (>= 400 and < 500 and not 408 and not 429) or 500)
                {
                    // A well-formed call must never be rejected as a client error nor fail with an
                    // internal error; 503/429 (back-pressure) are allowed: the client retries later.
                    var text = await response.Content.ReadAsStringAsync(stop);
                    ledger.RecordUnexpectedAnswer($"{path} answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (HttpRequestException)
            {
                // The server was healthy when sending began: it is gone, killed by the test.
                ledger.CountOutcome("connection failed");
                ledger.Record(messages, acknowledged: false);
                return;
            }
            catch (OperationCanceledException)
            {
                acknowledged = false;
                ledger.CountOutcome("cancelled");
            }

            ledger.Record(messages, acknowledged);
            if (acknowledged)
            {
                firstAcknowledgement.TrySetResult();
            }
        }
    }

    private static Dictionary<string, object> Payload(Message message, bool includeType)
    {
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["userId"] = message.UserId,
            ["event"] = "Crash Test",
            ["messageId"] = message.MessageId,
            ["properties"] = new Dictionary<string, object> { ["n"] = message.N },
        };
        if (includeType)
        {
            payload["type"] = "track";
        }

        return payload;
    }

    private static string UserId(int k) => $"crash-u{k.ToString(CultureInfo.InvariantCulture)}";

    private static List<string> ErrorLines(string output) =>
        output.Split('\n')
            .Where(line => line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) ||
                           line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal) ||
                           line.StartsWith("fail:", StringComparison.Ordinal) ||
                           line.StartsWith("crit:", StringComparison.Ordinal) ||
                           line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            .ToList();

    /// <summary>An error log line cut down to the exception's message and the server's own frames.</summary>
    private static string DescribeError(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("Exception", out var exception) && exception.GetString() is { } text)
            {
                var lines = text.Split('\n');
                var frames = lines.Where(l => l.Contains(" Waymark.", StringComparison.Ordinal)).Take(4).Select(l => l.Trim());
                return string.Join(" / ", new[] { lines[0].Trim() }.Concat(frames));
            }
        }
        catch (JsonException)
        {
            // Not a JSON log line: shown as it is.
        }

        return line.Length <= 600 ? line : line[..600] + "...";
    }

    private static string Tail(string text) => text.Length <= 1500 ? text : "..." + text[^1500..];

    private sealed record Message(string MessageId, string UserId, int N);

    /// <summary>Every message ever sent and whether the server acknowledged it at least once.</summary>
    private sealed class Ledger
    {
        private readonly ConcurrentDictionary<string, Message> _sent = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _acknowledged = new(StringComparer.Ordinal);
        private readonly List<Message> _retryable = [];
        private readonly object _lock = new();
        private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
        private int _next;
        private int _retriedAcknowledged;

        public int AcknowledgedCount => _acknowledged.Count;

        public int UnconfirmedCount => _sent.Count - _acknowledged.Count;

        public int RetriedAcknowledged => Volatile.Read(ref _retriedAcknowledged);

        public IEnumerable<string> AcknowledgedIds => _acknowledged.Keys;

        public void CountOutcome(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

        /// <summary>The request outcomes counted since the last call, e.g. "2xx x120, connection failed x8".</summary>
        public string TakeOutcomes()
        {
            var parts = new List<string>();
            foreach (var key in _outcomes.Keys.Order(StringComparer.Ordinal))
            {
                if (_outcomes.TryRemove(key, out var n))
                {
                    parts.Add($"{key} x{n}");
                }
            }

            return string.Join(", ", parts);
        }

        public string? UserOf(string messageId) => _sent.TryGetValue(messageId, out var m) ? m.UserId : null;

        public Message NewMessage()
        {
            var n = Interlocked.Increment(ref _next);
            var message = new Message(Guid.NewGuid().ToString(), UserId(RandomNumberGenerator.GetInt32(UserCount)), n);
            _sent[message.MessageId] = message;
            return message;
        }

        /// <summary>A message sent before (acknowledged or not), to send again unchanged.</summary>
        public Message? PickRetry()
        {
            lock (_lock)
            {
                if (_retryable.Count == 0)
                {
                    return null;
                }

                var message = _retryable[RandomNumberGenerator.GetInt32(_retryable.Count)];
                if (_acknowledged.ContainsKey(message.MessageId))
                {
                    Interlocked.Increment(ref _retriedAcknowledged);
                }

                return message;
            }
        }

        public void Record(IReadOnlyList<Message> messages, bool acknowledged)
        {
            lock (_lock)
            {
                foreach (var message in messages)
                {
                    if (acknowledged)
                    {
                        _acknowledged[message.MessageId] = true;
                    }

                    // Keep the retry pool bounded; every message has a fair chance to be retried.
                    if (_retryable.Count < 2000)
                    {
                        _retryable.Add(message);
                    }
                    else
                    {
                        _retryable[RandomNumberGenerator.GetInt32(_retryable.Count)] = message;
                    }
                }
            }
        }

        public ConcurrentQueue<string> UnexpectedAnswers { get; } = new();

        public void RecordUnexpectedAnswer(string description) => UnexpectedAnswers.Enqueue(description);
    }
}
