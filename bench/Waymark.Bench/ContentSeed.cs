using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waymark.Bench;

/// <summary>
/// Fills a workspace the way a product team would before the content API is asked: public traits, users with
/// companies and two months of events, segments of every rule type, flows and checklists live in production, and
/// progress for a share of the users. Everything goes through the public HTTP API, so the server's own caches and
/// tables are what the load then reads.
/// </summary>
internal sealed class ContentSeed(HttpClient client, string writeKey, string serverKey, XorShift rng, DateTimeOffset now)
{
    private const int CallsPerRequest = 500;

    /// <summary>About 20 product event names; the segments and checklist tasks below name some of them.</summary>
    public static readonly string[] EventNames =
    [
        "Created project", "Invited teammate", "Report Viewed", "Dashboard Viewed", "Exported CSV", "Connected source",
        "Created alert", "Commented", "Shared link", "Uploaded file", "Ran query", "Saved view", "Changed settings",
        "Opened help", "Upgraded plan", "Added integration", "Searched", "Filtered table", "Created tag", "Archived item",
    ];

    /// <summary>The paths the load asks about; the flows' page rules are written against them.</summary>
    public static readonly string[] Paths = ["/", "/app/dashboard", "/app/settings", "/projects/7", "/projects/7/reports", "/docs/start"];

    private static readonly string[] Plans = ["trial", "free", "pro", "enterprise"];
    private static readonly string[] Countries = ["DE", "FR", "US", "GB", "NL", "ES"];
    private static readonly string[] Roles = ["admin", "developer", "designer", "analyst", "manager"];
    private static readonly string[] Industries = ["saas", "retail", "health", "finance"];

    public async Task<IReadOnlyList<string>> RunAsync(int users, int companies, int segmentCount, int flowCount, int checklistCount, double progressShare, CancellationToken cancellationToken)
    {
        await ClassifyAsync(cancellationToken);
        var calls = await SendUsersAsync(users, companies, cancellationToken);
        Log($"users: {users:N0} users, {companies:N0} companies, {calls:N0} calls through /v1/batch");

        var segments = new List<string>();
        foreach (var segment in Segments().Take(segmentCount))
        {
            segments.Add(await CreateAsync("/v1/segments", segment, "id", cancellationToken));
        }

        var flows = new List<string>();
        for (var i = 0; i < flowCount; i++)
        {
            var id = await CreateAsync("/v1/flows", Flow(i, segments), "content", cancellationToken);
            await PublishAsync("/v1/flows/" + id, cancellationToken);
            flows.Add(id);
        }

        for (var i = 0; i < checklistCount; i++)
        {
            var id = await CreateAsync("/v1/checklists", Checklist(i, segments, flows), "content", cancellationToken);
            await PublishAsync("/v1/checklists/" + id, cancellationToken);
        }

        Log($"content: {segments.Count} segments, {flows.Count} flows and {checklistCount} checklists live in production");
        var progress = await SendProgressAsync(users, flows, progressShare, cancellationToken);
        Log($"progress: {progress:N0} $flow_started/$flow_completed calls");
        foreach (var id in segments)
        {
            // A sanity check of the seeded data, not part of the measurement: a slow count is reported, not fatal.
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await SendAsync(HttpMethod.Get, $"/v1/segments/{id}/count", null, cancellationToken);
                Log($"segment {id}: {await response.Content.ReadAsStringAsync(cancellationToken)} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log($"segment {id}: count timed out after {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
            }
        }

        return flows;
    }

    private static void Log(string line) => Console.Error.WriteLine("content-load seed: " + line);

    private async Task ClassifyAsync(CancellationToken cancellationToken)
    {
        var classes = new JsonObject();
        foreach (var key in new[] { "plan", "seats", "country", "role", "industry", "name" })
        {
            classes[key] = "public";
        }

        using var response = await SendAsync(HttpMethod.Put, "/v1/data-classes", new JsonObject { ["classes"] = classes }, cancellationToken);
    }

    /// <summary>Per user: identify, membership of one company (the company's traits with it), and 5–20 events over the last 60 days.</summary>
    private async Task<long> SendUsersAsync(int users, int companies, CancellationToken cancellationToken)
    {
        var bodies = new List<byte[]>();
        var buffer = new ArrayBufferWriter<byte>(CallsPerRequest * 300);
        var writer = new Utf8JsonWriter(buffer);
        var inBody = 0;
        long calls = 0;
        for (var user = 1; user <= users; user++)
        {
            if (inBody == 0)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("batch");
            }

            var userId = EventData.UserId(user);
            Call(writer, "identify", userId, now.AddDays(-60 * rng.NextDouble()), w =>
            {
                w.WriteStartObject("traits");
                w.WriteString("plan", Plans[rng.Next(Plans.Length)]);
                w.WriteNumber("seats", 1 + rng.Next(50));
                w.WriteString("country", Countries[rng.Next(Countries.Length)]);
                w.WriteString("role", Roles[rng.Next(Roles.Length)]);
                w.WriteEndObject();
            });
            var company = 1 + rng.Next(companies);
            Call(writer, "group", userId, now, w =>
            {
                w.WriteString("groupId", "company_" + company.ToString(CultureInfo.InvariantCulture));
                w.WriteStartObject("traits");
                w.WriteString("plan", Plans[company % Plans.Length]);
                w.WriteNumber("seats", 5 + (company * 37 % 200));
                w.WriteString("industry", Industries[company % Industries.Length]);
                w.WriteEndObject();
            });
            calls += 2;
            inBody += 2;
            var events = 5 + rng.Next(16);
            for (var e = 0; e < events; e++)
            {
                // Skewed towards the first names, so that some events are common and some rare, as in real products.
                var name = EventNames[(int)(EventNames.Length * Math.Pow(rng.NextDouble(), 1.7))];
                Call(writer, "track", userId, now.AddDays(-60 * rng.NextDouble()), w => w.WriteString("event", name));
            }

            calls += events;
            inBody += events;
            if (inBody >= CallsPerRequest || user == users)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                bodies.Add(buffer.WrittenSpan.ToArray());
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                inBody = 0;
            }
        }

        await writer.DisposeAsync();
        await PostBatchesAsync(bodies, cancellationToken);
        return calls;
    }

    /// <summary>Started flows for a share of the users; half of them completed, as the SDK would record them.</summary>
    private async Task<long> SendProgressAsync(int users, List<string> flows, double share, CancellationToken cancellationToken)
    {
        var bodies = new List<byte[]>();
        long calls = 0;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteStartArray("batch");
        var inBody = 0;
        for (var user = 1; user <= users && flows.Count > 0; user++)
        {
            if (rng.NextDouble() >= share)
            {
                continue;
            }

            var userId = EventData.UserId(user);
            for (var k = 0; k < 1 + rng.Next(3); k++)
            {
                var flow = flows[rng.Next(flows.Count)];
                var completed = rng.Next(2) == 0;
                var at = now.AddMinutes(-rng.Next(60 * 24 * 7));
                Call(writer, "track", userId, at, w => Progress(w, "$flow_started", flow, null));
                calls++;
                inBody++;
                if (completed)
                {
                    Call(writer, "track", userId, at.AddMinutes(2), w => Progress(w, "$flow_completed", flow, 2));
                    calls++;
                    inBody++;
                }
            }

            if (inBody >= CallsPerRequest)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                bodies.Add(buffer.WrittenSpan.ToArray());
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                writer.WriteStartObject();
                writer.WriteStartArray("batch");
                inBody = 0;
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        if (inBody > 0)
        {
            bodies.Add(buffer.WrittenSpan.ToArray());
        }

        await writer.DisposeAsync();
        await PostBatchesAsync(bodies, cancellationToken);
        return calls;
    }

    private static void Progress(Utf8JsonWriter writer, string name, string flow, int? step)
    {
        writer.WriteString("event", name);
        writer.WriteStartObject("properties");
        writer.WriteString("$content_id", flow);
        writer.WriteNumber("$content_version", 1);
        if (step is { } s)
        {
            writer.WriteNumber("$step", s);
        }

        writer.WriteEndObject();
    }

    private void Call(Utf8JsonWriter writer, string type, string userId, DateTimeOffset timestamp, Action<Utf8JsonWriter> fields)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("userId", userId);
        writer.WriteString("messageId", EventData.MessageId(rng));
        writer.WriteString("timestamp", timestamp);
        fields(writer);
        writer.WriteEndObject();
    }

    private async Task PostBatchesAsync(List<byte[]> bodies, CancellationToken cancellationToken)
    {
        var next = -1;
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new ByteArrayContent(bodies[index]) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = basic;
                using var response = await client.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST /v1/batch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        }, cancellationToken)));
    }

    private async Task<string> CreateAsync(string path, JsonObject body, string idHolder, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = answer.RootElement;
        return (idHolder == "id" ? root : root.GetProperty(idHolder)).GetProperty("id").GetString()!;
    }

    private async Task PublishAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path + "/publish", new JsonObject { ["environment"] = "production" }, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serverKey);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {detail}");
        }

        return response;
    }

    /// <summary>Ten segments mixing every rule type the issue names; user traits, company traits, events, first seen.</summary>
    private static IEnumerable<JsonObject> Segments()
    {
        yield return Segment("Pro users", All(Trait("user_trait", "plan", "equals", "pro")));
        yield return Segment("Trial admins", All(Trait("user_trait", "plan", "equals", "trial"), Trait("user_trait", "role", "equals", "admin")));
        yield return Segment("Big companies", All(Trait("company_trait", "seats", "greater_than", 50)));
        yield return Segment("Active builders", All(Event("Created project", true, 3, 30)));
        yield return Segment("Never invited", All(Event("Invited teammate", false, null, null)));
        yield return Segment("New this quarter", All(new JsonObject { ["type"] = "first_seen", ["op"] = "within_days", ["days"] = 90 }));
        yield return Segment("Europe", new JsonObject { ["match"] = "any", ["rules"] = new JsonArray(Trait("user_trait", "country", "equals", "DE"), Trait("user_trait", "country", "equals", "FR"), Trait("user_trait", "country", "equals", "NL")) });
        yield return Segment("Enterprise readers", All(Trait("company_trait", "plan", "equals", "enterprise"), Event("Report Viewed", true, 1, 14)));
        yield return Segment("Small teams", All(Trait("user_trait", "seats", "less_than", 10), new JsonObject { ["type"] = "company", ["op"] = "in_any" }));
        yield return Segment("Devs not exporting", All(
            Trait("user_trait", "role", "starts_with", "dev"),
            new JsonObject { ["match"] = "any", ["rules"] = new JsonArray(Event("Exported CSV", false, null, null), Event("Ran query", true, 2, 60)) }));
    }

    private static JsonObject Segment(string name, JsonObject conditions) => new() { ["name"] = name, ["conditions"] = conditions };

    private static JsonObject All(params JsonNode[] rules) => new() { ["match"] = "all", ["rules"] = new JsonArray(rules) };

    private static JsonObject Trait(string type, string key, string op, JsonNode value) => new() { ["type"] = type, ["key"] = key, ["op"] = op, ["value"] = value };

    private static JsonObject Event(string name, bool did, int? atLeast, int? withinDays)
    {
        var rule = new JsonObject { ["type"] = "event", ["event"] = name, ["did"] = did };
        if (atLeast is { } n)
        {
            rule["at_least"] = n;
        }

        if (withinDays is { } d)
        {
            rule["within_days"] = d;
        }

        return rule;
    }

    /// <summary>
    /// Flow <paramref name="i"/>: a segment (or everyone, for one in eleven), page rules on two thirds, a mix of
    /// triggers and frequencies, and three steps.
    /// </summary>
    private JsonObject Flow(int i, List<string> segments)
    {
        var pages = (i % 6) switch
        {
            0 or 1 => new JsonArray(),
            2 => new JsonArray(Page("starts_with", "/app")),
            3 => new JsonArray(Page("equals", "/app/dashboard")),
            4 => new JsonArray(Page("pattern", "/projects/*")),
            _ => new JsonArray(Page("contains", "report"), Page("equals", "/")),
        };
        var trigger = (i % 10) switch
        {
            7 => new JsonObject { ["type"] = "event", ["event"] = EventNames[i % EventNames.Length] },
            9 => new JsonObject { ["type"] = "manual" },
            _ => new JsonObject { ["type"] = "page_load" },
        };
        var frequency = (i % 3) switch
        {
            0 => new JsonObject { ["type"] = "once", ["cooldown_minutes"] = 0 },
            1 => new JsonObject { ["type"] = "until_completed", ["cooldown_minutes"] = 60 },
            _ => new JsonObject { ["type"] = "every_time", ["cooldown_minutes"] = 1440 },
        };
        var segment = segments.Count == 0 || i % 11 == 10 ? null : segments[i % segments.Count];
        var n = (i + 1).ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["name"] = "Flow " + n,
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "welcome", ["type"] = "modal", ["title"] = "Welcome to feature " + n,
                    ["body"] = "<p>Let's take a <b>quick</b> tour of feature " + n + ". It takes a minute.</p>",
                    ["buttons"] = new JsonArray(Button("Start", "next"), Button("Not now", "dismiss")),
                },
                new JsonObject
                {
                    ["id"] = "try", ["type"] = "tooltip", ["target"] = "#feature-" + n, ["side"] = "bottom", ["align"] = "center",
                    ["title"] = "Try it here", ["body"] = "<p>Click the button to start.</p>", ["advance"] = new JsonObject { ["on"] = "click" },
                },
                new JsonObject
                {
                    ["id"] = "done", ["type"] = "banner", ["position"] = "top", ["title"] = "You are all set", ["body"] = "<p>Read <a href=\"https://example.com/docs\">the docs</a> for more.</p>",
                    ["buttons"] = new JsonArray(Button("Finish", "complete")),
                }),
            ["targeting"] = new JsonObject
            {
                ["segment_id"] = segment,
                ["pages"] = pages,
                ["trigger"] = trigger,
                ["frequency"] = frequency,
                ["priority"] = rng.Next(101),
                ["starts_at"] = null,
                ["ends_at"] = null,
            },
        };
    }

    private static JsonObject Checklist(int i, List<string> segments, List<string> flows)
    {
        var n = (i + 1).ToString(CultureInfo.InvariantCulture);
        var tasks = new JsonArray();
        for (var t = 0; t < 4; t++)
        {
            var name = EventNames[(i * 3 + t) % EventNames.Length];
            tasks.Add(new JsonObject
            {
                ["id"] = "task-" + t.ToString(CultureInfo.InvariantCulture),
                ["title"] = name,
                ["description"] = "Do it once.",
                ["completes_on"] = new JsonObject { ["type"] = "event", ["event"] = name },
                ["action"] = new JsonObject { ["type"] = "url", ["url"] = "https://app.example.com/" + t.ToString(CultureInfo.InvariantCulture) },
            });
        }

        if (flows.Count > 0)
        {
            tasks.Add(new JsonObject
            {
                ["id"] = "tour",
                ["title"] = "Take the tour",
                ["description"] = "",
                ["completes_on"] = new JsonObject { ["type"] = "flow", ["flow_id"] = flows[i % flows.Count] },
                ["action"] = new JsonObject { ["type"] = "flow", ["flow_id"] = flows[i % flows.Count] },
            });
        }

        return new JsonObject
        {
            ["name"] = "Checklist " + n,
            ["title"] = "Get started, part " + n,
            ["tasks"] = tasks,
            ["targeting"] = new JsonObject
            {
                ["segment_id"] = i % 2 == 0 || segments.Count == 0 ? null : segments[(i * 3) % segments.Count],
                ["pages"] = i == 4 ? new JsonArray(Page("starts_with", "/app")) : new JsonArray(),
                ["priority"] = i * 10,
                ["starts_at"] = null,
                ["ends_at"] = null,
            },
        };
    }

    private static JsonObject Page(string match, string value) => new() { ["match"] = match, ["value"] = value };

    private static JsonObject Button(string label, string action) => new() { ["label"] = label, ["action"] = action };
}
