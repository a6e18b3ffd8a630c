using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Waymark.Bench;

internal sealed record ContentLoadOptions(
    Uri Url,
    string WriteKey,
    string? ServerKey,
    int Users,
    int Companies,
    int Segments,
    int Flows,
    int Checklists,
    double ProgressShare,
    int Rate,
    int Seconds,
    int WarmupSeconds,
    int Connections,
    int? ServerPid,
    int? DatabasePid,
    string ExtraQuery,
    int ClockTicks,
    bool Json,
    ulong Seed);

/// <summary>
/// Open-loop <c>GET /v1/content</c> load: requests leave on a fixed schedule whatever the server's pace, and each
/// latency runs from the request's scheduled send time, so a slow answer cannot hide the requests queued behind it
/// (no coordinated omission). With a server key the workspace is filled first (<see cref="ContentSeed"/>).
/// </summary>
internal static class ContentLoad
{
    public static async Task<int> RunAsync(ContentLoadOptions options, CancellationToken cancellationToken)
    {
        var rng = new XorShift(options.Seed);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(10) };

        if (options.ServerKey is { } serverKey)
        {
            var seeding = Stopwatch.StartNew();
            var seed = new ContentSeed(client, options.WriteKey, serverKey, rng, TimeProvider.System.GetUtcNow());
            await seed.RunAsync(options.Users, options.Companies, options.Segments, options.Flows, options.Checklists, options.ProgressShare, cancellationToken);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"content-load seed: done in {seeding.Elapsed.TotalSeconds:F1} s"));
            if (options.Seconds == 0)
            {
                return 0;
            }
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
        var plan = Plan(rng, options.Users, options.Rate * options.WarmupSeconds, options.ExtraQuery);
        var warm = await RunScheduleAsync(client, plan, options.Rate, cancellationToken);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"content-load warm-up: {warm.Sent:N0} requests at {warm.AchievedRate:N0}/s, p99 {ContentResult.Percentile(warm.FromSchedule, 0.99):F2} ms, errors: {warm.ErrorSummary}"));

        plan = Plan(rng, options.Users, options.Rate * options.Seconds, options.ExtraQuery);
        var cpu0 = ContentCpu.Ticks(options.ServerPid);
        var db0 = ContentCpu.TreeTicks(options.DatabasePid);
        var result = await RunScheduleAsync(client, plan, options.Rate, cancellationToken);
        var serverCpu = ContentCpu.Share(ContentCpu.Ticks(options.ServerPid) - cpu0, options.ClockTicks, result.Seconds);
        var databaseCpu = ContentCpu.Share(ContentCpu.TreeTicks(options.DatabasePid) - db0, options.ClockTicks, result.Seconds);
        Report(options, result, serverCpu, databaseCpu);
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>Who asks and on which page, fixed before the clock starts so that the schedule does no work.</summary>
    private static string[] Plan(XorShift rng, int users, int requests, string extraQuery)
    {
        var plan = new string[requests];
        for (var i = 0; i < requests; i++)
        {
            var path = ContentSeed.Paths[rng.Next(ContentSeed.Paths.Length)];
            plan[i] = $"/v1/content?user_id={EventData.UserId(1 + rng.Next(users))}&path={Uri.EscapeDataString(path)}{extraQuery}";
        }

        return plan;
    }

    private static async Task<ContentResult> RunScheduleAsync(HttpClient client, string[] plan, int rate, CancellationToken cancellationToken)
    {
        var result = new ContentResult(plan.Length);
        var tasks = new Task[plan.Length];
        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();

        // A dedicated thread releases requests on time: a thread-pool loop would itself be delayed by the load it creates.
        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < plan.Length; i++)
            {
                var scheduled = start + (long)(i * interval);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled).TotalMilliseconds;
                if (wait > 0)
                {
                    // Whole milliseconds, rounded up so that no request leaves early; one may leave up to ~1 ms late
                    // instead, and its latency counts that (spinning would take a core from the server).
                    Thread.Sleep((int)Math.Ceiling(wait));
                }

                var index = i;
                tasks[index] = Task.Run(() => SendAsync(client, plan[index], index, scheduled, result, cancellationToken), cancellationToken);
            }
        })
        { IsBackground = true, Name = "content-load dispatcher", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        await Task.Run(dispatcher.Join, cancellationToken);
        await Task.WhenAll(tasks);
        result.Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return result;
    }

    private static async Task SendAsync(HttpClient client, string path, int index, long scheduled, ContentResult result, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        result.SendLag[index] = Stopwatch.GetElapsedTime(scheduled, sent).TotalMilliseconds;
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var done = Stopwatch.GetTimestamp();
            result.FromSchedule[index] = Stopwatch.GetElapsedTime(scheduled, done).TotalMilliseconds;
            result.FromSend[index] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
            result.Statuses[index] = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                result.Bytes[index] = body.Length;
                using var answer = JsonDocument.Parse(body);
                result.Flows[index] = answer.RootElement.GetProperty("flows").GetArrayLength();
                result.Checklists[index] = answer.RootElement.GetProperty("checklists").GetArrayLength();
            }
        }
        catch (HttpRequestException)
        {
            result.Statuses[index] = -1;
            result.FromSchedule[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result.Statuses[index] = -2;
            result.FromSchedule[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
        }
    }

    private static void Report(ContentLoadOptions options, ContentResult r, double serverCpu, double databaseCpu)
    {
        static double P(double[] values, double q) => ContentResult.Percentile(values, q);
        var ok = r.Ok;
        var okIndexes = Enumerable.Range(0, r.Statuses.Length).Where(i => r.Statuses[i] == 200).ToArray();
        var bytes = okIndexes.Length == 0 ? 0 : okIndexes.Average(i => r.Bytes[i]);
        var flows = okIndexes.Length == 0 ? 0 : okIndexes.Average(i => r.Flows[i]);
        var lists = okIndexes.Length == 0 ? 0 : okIndexes.Average(i => r.Checklists[i]);
        var nonEmpty = okIndexes.Length == 0 ? 0 : 100.0 * okIndexes.Count(i => r.Flows[i] + r.Checklists[i] > 0) / okIndexes.Length;
        var inv = CultureInfo.InvariantCulture;
        if (options.Json)
        {
            Console.WriteLine(string.Create(inv,
                $"{{\"mode\":\"content-load\",\"targetRate\":{options.Rate},\"seconds\":{r.Seconds:F2},\"requests\":{r.Sent},\"ok\":{ok},\"errors\":{r.Errors},\"errorDetail\":\"{r.ErrorSummary}\",\"achievedRate\":{r.AchievedRate:F0},"
                + $"\"p50Ms\":{P(r.FromSchedule, 0.50):F2},\"p90Ms\":{P(r.FromSchedule, 0.90):F2},\"p99Ms\":{P(r.FromSchedule, 0.99):F2},\"p999Ms\":{P(r.FromSchedule, 0.999):F2},\"maxMs\":{P(r.FromSchedule, 1):F2},"
                + $"\"serviceP50Ms\":{P(r.FromSend, 0.50):F2},\"serviceP99Ms\":{P(r.FromSend, 0.99):F2},\"sendLagP50Ms\":{P(r.SendLag, 0.50):F2},\"sendLagP99Ms\":{P(r.SendLag, 0.99):F2},"
                + $"\"serverCpuPercent\":{serverCpu:F0},\"databaseCpuPercent\":{databaseCpu:F0},\"answerBytesAvg\":{bytes:F0},\"flowsAvg\":{flows:F2},\"checklistsAvg\":{lists:F2},\"nonEmptyPercent\":{nonEmpty:F1}}}"));
            return;
        }

        Console.WriteLine(string.Create(inv, $"""
            content-load: {r.Sent:N0} requests in {r.Seconds:F1} s = {r.AchievedRate:N0}/s (target {options.Rate:N0}/s); errors: {r.ErrorSummary}
              latency from scheduled send: p50 {P(r.FromSchedule, 0.50):F2} ms, p90 {P(r.FromSchedule, 0.90):F2}, p99 {P(r.FromSchedule, 0.99):F2}, p99.9 {P(r.FromSchedule, 0.999):F2}, max {P(r.FromSchedule, 1):F2}
              service time (from actual send): p50 {P(r.FromSend, 0.50):F2} ms, p99 {P(r.FromSend, 0.99):F2}; dispatcher lag p50 {P(r.SendLag, 0.50):F2} ms, p99 {P(r.SendLag, 0.99):F2}
              server CPU {serverCpu:F0} % of one core{(options.DatabasePid is null ? "" : $", database {databaseCpu:F0} %")}
              answers: {bytes:N0} B on average, {flows:F2} flows and {lists:F2} checklists; {nonEmpty:F1} % non-empty
            """));
    }
}

/// <summary>Per-request outcomes of one schedule, indexed by request number.</summary>
internal sealed class ContentResult(int requests)
{
    public int[] Statuses { get; } = new int[requests];

    public double[] FromSchedule { get; } = new double[requests];

    public double[] FromSend { get; } = new double[requests];

    public double[] SendLag { get; } = new double[requests];

    public int[] Bytes { get; } = new int[requests];

    public int[] Flows { get; } = new int[requests];

    public int[] Checklists { get; } = new int[requests];

    public double Seconds { get; set; }

    public int Sent => Statuses.Length;

    public int Ok => Statuses.Count(s => s == 200);

    public int Errors => Sent - Ok;

    public double AchievedRate => Seconds > 0 ? Ok / Seconds : 0;

    /// <summary>Non-200 answers by status (-1: connection error, -2: timeout), e.g. "503x12"; "none" when all were 200.</summary>
    public string ErrorSummary
    {
        get
        {
            var groups = Statuses.Where(s => s != 200).GroupBy(s => s).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}x{g.Count()}")).ToArray();
            return groups.Length == 0 ? "none" : string.Join(' ', groups);
        }
    }

    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
