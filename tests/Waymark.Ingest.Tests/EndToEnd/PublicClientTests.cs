using System.Globalization;
using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.EndToEnd;

/// <summary>
/// The ingest API driven by the unmodified public Node clients of Segment and RudderStack
/// (tests/clients/send.mjs), checked through the read API.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PublicClientTests
{
    private const int Users = 60;
    private const int EventsPerUser = 20;
    private static readonly TimeSpan SenderTimeout = TimeSpan.FromSeconds(180);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public Task SegmentClient_SendsThousandsOfCalls_ReadApiShowsExactlyWhatWasSent(string provider) =>
        SendAndVerifyAsync(provider, "segment");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public Task RudderClient_SendsThousandsOfGzippedCalls_ReadApiShowsExactlyWhatWasSent(string provider) =>
        SendAndVerifyAsync(provider, "rudder");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SegmentAndRudderClients_SendingAtTheSameTime_EachUserHasExactlyTheirOwnCalls(string provider)
    {
        await using var environment = await EndToEndEnvironment.CreateAsync(provider);
        await using var server = await environment.StartServerAsync();

        var segment = RunSenderAsync(server, environment.Workspace, "segment", $"both-seg-{provider}", users: 30, eventsPerUser: 10);
        var rudder = RunSenderAsync(server, environment.Workspace, "rudder", $"both-rud-{provider}", users: 30, eventsPerUser: 10);
        var summaries = await Task.WhenAll(segment, rudder);

        using var readClient = environment.CreateReadClient(server);
        await VerifyAsync(readClient, summaries[0], $"both-seg-{provider}", server);
        await VerifyAsync(readClient, summaries[1], $"both-rud-{provider}", server);
    }

    private static async Task SendAndVerifyAsync(string provider, string clientKind)
    {
        await using var environment = await EndToEndEnvironment.CreateAsync(provider);
        await using var server = await environment.StartServerAsync();

        var prefix = $"{clientKind}-{provider}";
        var summary = await RunSenderAsync(server, environment.Workspace, clientKind, prefix, Users, EventsPerUser);
        Assert.Equal(Users, summary.Users.Count);
        Assert.True(summary.Total >= 1000, $"expected thousands of calls, the sender made {summary.Total}");

        using var readClient = environment.CreateReadClient(server);
        await VerifyAsync(readClient, summary, prefix, server);
    }

    private static async Task<SendSummary> RunSenderAsync(
        WaymarkProcess server, WorkspaceKeys workspace, string clientKind, string prefix, int users, int eventsPerUser)
    {
        var clientsDirectory = Path.Combine(EndToEndEnvironment.RepositoryRoot, "tests", "clients");
        Assert.True(
            Directory.Exists(Path.Combine(clientsDirectory, "node_modules", "@segment", "analytics-node")) &&
            Directory.Exists(Path.Combine(clientsDirectory, "node_modules", "@rudderstack", "rudder-sdk-node")),
            $"The public clients are not installed in {clientsDirectory}: run `bash scripts/test.sh` (it runs `npm ci` there).");

        var stdout = await EndToEndEnvironment.RunProcessAsync(
            "node",
            [
                Path.Combine(clientsDirectory, "send.mjs"),
                "--host", server.BaseAddress.GetLeftPart(UriPartial.Authority),
                "--write-key", workspace.WriteKey,
                "--client", clientKind,
                "--users", users.ToString(CultureInfo.InvariantCulture),
                "--events-per-user", eventsPerUser.ToString(CultureInfo.InvariantCulture),
                "--prefix", prefix,
                "--timeout-ms", ((int)SenderTimeout.TotalMilliseconds - 10_000).ToString(CultureInfo.InvariantCulture),
            ],
            clientsDirectory,
            SenderTimeout);

        var summary = JsonSerializer.Deserialize<SendSummary>(stdout.Trim())
            ?? throw new InvalidOperationException($"send.mjs printed no summary: {stdout}");
        var calls = summary.Users.Values.Sum(u => u.Identify + u.Track + u.Page + u.Group);
        Assert.Equal(summary.Total, calls);
        return summary;
    }

    private static async Task VerifyAsync(HttpClient readClient, SendSummary summary, string prefix, WaymarkProcess server)
    {
        var problems = new List<string>();
        foreach (var (userId, sent) in summary.Users)
        {
            var user = await EndToEndEnvironment.GetUserAsync(readClient, userId);
            if (user is not { } profile)
            {
                problems.Add($"{userId}: GET /v1/users/{userId} answered 404");
                continue;
            }

            Check(problems, userId, "user_id", userId, profile.GetProperty("user_id").GetString());
            var expectedCount = sent.Identify + sent.Track + sent.Page + sent.Group;
            Check(problems, userId, "event_count", expectedCount, profile.GetProperty("event_count").GetInt64());

            var traits = profile.GetProperty("traits");
            Check(problems, userId, "traits.email", $"{userId}@example.test", StringProperty(traits, "email"));
            Check(problems, userId, "traits.plan", "pro", StringProperty(traits, "plan"));
            Assert.True(profile.TryGetProperty("first_seen", out _), "the profile has no first_seen");
            Assert.True(profile.TryGetProperty("last_seen", out _), "the profile has no last_seen");

            var companyIds = profile.GetProperty("company_ids").EnumerateArray().Select(c => c.GetString()).ToList();
            if (sent.Group > 0)
            {
                var index = int.Parse(userId[(prefix.Length + "-u".Length)..], CultureInfo.InvariantCulture);
                var groupId = $"{prefix}-c{index % 3}";
                if (!companyIds.Contains(groupId))
                {
                    problems.Add($"{userId}: company_ids [{string.Join(", ", companyIds)}] lacks {groupId}");
                }
            }
            else if (companyIds.Count != 0)
            {
                problems.Add($"{userId}: company_ids should be empty, is [{string.Join(", ", companyIds)}]");
            }

            var events = await EndToEndEnvironment.GetAllEventsAsync(readClient, userId);
            var byType = events
                .GroupBy(e => e.GetProperty("type").GetString() ?? "(null)")
                .ToDictionary(g => g.Key, g => g.Count());
            Check(problems, userId, "identify events", sent.Identify, byType.GetValueOrDefault("identify"));
            Check(problems, userId, "track events", sent.Track, byType.GetValueOrDefault("track"));
            Check(problems, userId, "page events", sent.Page, byType.GetValueOrDefault("page"));
            Check(problems, userId, "group events", sent.Group, byType.GetValueOrDefault("group"));
            Check(problems, userId, "events listed", expectedCount, events.Count);

            var trackNames = events
                .Where(e => e.GetProperty("type").GetString() == "track")
                .GroupBy(e => e.GetProperty("event").GetString() ?? "(null)")
                .ToDictionary(g => g.Key, g => g.Count());
            var expectedNames = string.Join(", ", sent.Events.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            var actualNames = string.Join(", ", trackNames.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            Check(problems, userId, "track events by name", expectedNames, actualNames);

            var messageIds = events.Select(e => e.GetProperty("message_id").GetString()).ToList();
            if (messageIds.Distinct().Count() != messageIds.Count)
            {
                problems.Add($"{userId}: a message_id is listed more than once");
            }

            foreach (var track in events.Where(e => e.GetProperty("type").GetString() == "track"))
            {
                var properties = track.GetProperty("properties");
                if (StringProperty(properties, "source") != "test" || !properties.TryGetProperty("count", out _))
                {
                    problems.Add($"{userId}: track event {track.GetProperty("message_id").GetString()} lost its properties: {properties.GetRawText()}");
                    break;
                }
            }
        }

        Assert.True(
            problems.Count == 0,
            $"{problems.Count} mismatches between what was sent and what the read API shows:\n" +
            string.Join('\n', problems.Take(30)) +
            $"\n--- server output (tail) ---\n{Tail(server.Output)}");
    }

    private static void Check<T>(List<string> problems, string userId, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            problems.Add($"{userId}: {what} expected {expected}, got {actual}");
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Tail(string text) => text.Length <= 3000 ? text : "..." + text[^3000..];

    private sealed record SendSummary(
        [property: System.Text.Json.Serialization.JsonPropertyName("users")] Dictionary<string, SentToUser> Users,
        [property: System.Text.Json.Serialization.JsonPropertyName("total")] int Total);

    private sealed record SentToUser(
        [property: System.Text.Json.Serialization.JsonPropertyName("identify")] int Identify,
        [property: System.Text.Json.Serialization.JsonPropertyName("track")] int Track,
        [property: System.Text.Json.Serialization.JsonPropertyName("page")] int Page,
        [property: System.Text.Json.Serialization.JsonPropertyName("group")] int Group,
        [property: System.Text.Json.Serialization.JsonPropertyName("events")] Dictionary<string, int> Events);
}
