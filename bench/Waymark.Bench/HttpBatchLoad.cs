using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Waymark.Bench;

internal sealed record HttpBatchOptions(
    Uri Url,
    string WriteKey,
    int Events,
    int BatchSize,
    int Concurrency,
    double IdentifyPercent,
    int Users,
    int Warmup,
    string Path,
    bool Json,
    ulong Seed);

/// <summary>
/// Concurrent <c>POST /v1/batch</c> load with pre-generated, realistic bodies (unique message ids, ~10,000 users,
/// track calls with 3–4 properties and some identify calls), over keep-alive connections. Only 200 answers count.
/// </summary>
internal static class HttpBatchLoad
{
    public static async Task<int> RunAsync(HttpBatchOptions options, CancellationToken cancellationToken)
    {
        var rng = new XorShift(options.Seed);
        var now = TimeProvider.System.GetUtcNow();
        var batchSize = Math.Clamp(options.BatchSize, 1, 2500);

        // Warm-up: every user once, in order, so that subject keys exist and the JIT has run before the clock starts.
        var warmup = new List<(byte[] Body, int Calls)>();
        for (var sent = 0; sent < options.Warmup; sent += batchSize)
        {
            var calls = Math.Min(batchSize, options.Warmup - sent);
            var first = sent;
            warmup.Add((EventData.Batch(rng, calls, i => 1 + ((first + i) % options.Users), options.IdentifyPercent, now), calls));
        }

        var bodies = new List<(byte[] Body, int Calls)>();
        long bytes = 0;
        for (var sent = 0; sent < options.Events; sent += batchSize)
        {
            var calls = Math.Min(batchSize, options.Events - sent);
            var body = EventData.Batch(rng, calls, _ => 1 + rng.Next(options.Users), options.IdentifyPercent, now);
            bytes += body.Length;
            bodies.Add((body, calls));
        }

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));

        if (warmup.Count > 0)
        {
            var warm = await SendAllAsync(client, options.Path, warmup, options.Concurrency, cancellationToken);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {warm.Events:N0} of {options.Warmup:N0} events accepted in {warm.Seconds:F2} s = {warm.Events / warm.Seconds:N0} events/s, errors: {warm.ErrorSummary}"));
        }

        var result = await SendAllAsync(client, options.Path, bodies, options.Concurrency, cancellationToken);
        var eventsPerSecond = result.Events / result.Seconds;
        var p50 = result.Percentile(0.50);
        var p99 = result.Percentile(0.99);
        if (options.Json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"mode\":\"http-batch\",\"events\":{result.Events},\"requests\":{result.Ok},\"errors\":{result.Errors},\"errorDetail\":\"{result.ErrorSummary}\",\"batchSize\":{batchSize},\"concurrency\":{options.Concurrency},\"bodyBytesAvg\":{bytes / Math.Max(1, bodies.Count)},\"seconds\":{result.Seconds:F3},\"eventsPerSecond\":{eventsPerSecond:F0},\"requestP50Ms\":{p50:F2},\"requestP99Ms\":{p99:F2}}}"));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"http-batch: {result.Events:N0} events accepted in {result.Ok:N0} requests of {batchSize} (avg body {bytes / Math.Max(1, bodies.Count):N0} B), concurrency {options.Concurrency}: {result.Seconds:F2} s = {eventsPerSecond:N0} events/s; request p50 {p50:F1} ms, p99 {p99:F1} ms; errors: {result.ErrorSummary}"));
        }

        return result.Errors == 0 ? 0 : 1;
    }

    private static async Task<Result> SendAllAsync(HttpClient client, string path, List<(byte[] Body, int Calls)> bodies, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[bodies.Count];
        var statuses = new int[bodies.Count];
        var next = -1;
        long events = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                var (body, calls) = bodies[index];
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync(path, content, cancellationToken);
                    _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    statuses[index] = (int)response.StatusCode;
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Add(ref events, calls);
                    }
                }
                catch (HttpRequestException)
                {
                    statuses[index] = -1;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    statuses[index] = -2;
                }

                latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return new Result(events, statuses, latencies, seconds);
    }

    private sealed record Result(long Events, int[] Statuses, double[] SortedLatencies, double Seconds)
    {
        public int Ok => Statuses.Count(s => s == 200);

        public int Errors => Statuses.Length - Ok;

        /// <summary>Non-200 answers by status (-1: connection error, -2: timeout), e.g. "503×12"; "none" when all were 200.</summary>
        public string ErrorSummary
        {
            get
            {
                var groups = Statuses.Where(s => s != 200).GroupBy(s => s).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}x{g.Count()}")).ToArray();
                return groups.Length == 0 ? "none" : string.Join(' ', groups);
            }
        }

        public double Percentile(double q) =>
            SortedLatencies.Length == 0 ? 0 : SortedLatencies[Math.Min(SortedLatencies.Length - 1, (int)Math.Ceiling(q * SortedLatencies.Length) - 1)];
    }
}
