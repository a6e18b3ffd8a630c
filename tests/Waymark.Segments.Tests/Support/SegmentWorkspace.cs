using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.Keys;
using Waymark.Segments.Evaluation;
using Waymark.Segments.Rules;
using Waymark.TestSupport;

namespace Waymark.Segments.Tests.Support;

/// <summary>A fresh workspace seen through the API (<see cref="WorkspaceClient"/>) and through the library's own services.</summary>
public sealed class SegmentWorkspace
{
    private readonly WorkspaceClient _client;

    private SegmentWorkspace(WaymarkTestServer server, AnchoredClock clock, WorkspaceClient client)
    {
        Server = server;
        Clock = clock;
        _client = client;
    }

    public WaymarkTestServer Server { get; }

    public AnchoredClock Clock { get; }

    public long Id => _client.InternalId;

    /// <summary>The workspace's first server key, which holds every permission.</summary>
    public HttpClient Full => _client.Full;

    public static async Task<SegmentWorkspace> CreateAsync(WaymarkTestServer server, AnchoredClock clock) =>
        new(server, clock, await WorkspaceClient.CreateAsync(server));

    /// <summary>A client whose key holds only <paramref name="scopes"/>.</summary>
    public Task<HttpClient> KeyClientAsync(params string[] scopes) => _client.KeyClientAsync(scopes);

    public Task ClassifyAsync(IReadOnlyDictionary<string, string> classes) => _client.ClassifyAsync(new { classes });

    /// <summary>Sends calls through <c>/v1/batch</c> with the write key; they are stored when it answers.</summary>
    public async Task SendAsync(params object[] calls)
    {
        var response = await _client.Write.PostAsync("/v1/batch", ApiAnswers.Json(new { batch = calls }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>This workspace's audit entries with <paramref name="action"/>, newest first.</summary>
    public Task<IReadOnlyList<JsonObject>> AuditAsync(string action) => _client.AuditAsync(action);

    /// <summary>The users-matching count the API answers for unsaved conditions.</summary>
    public async Task<(long Count, long Total)> PreviewAsync(string conditions)
    {
        var answer = await ApiAnswers.ReadJsonAsync(await Full.PostAsync("/v1/segments/preview", Body($$"""{"conditions": {{conditions}}}""")));
        return ((long)answer["count"]!, (long)answer["total"]!);
    }

    /// <summary>How many of <paramref name="userIds"/> the in-memory evaluator puts in the segment, each from its loaded state.</summary>
    internal async Task<int> EvaluateAsync(string conditions, IEnumerable<string> userIds)
    {
        using var document = JsonDocument.Parse(conditions);
        var parsed = await Server.Services.GetRequiredService<SegmentRules>().ParseAsync(Id, document.RootElement, CancellationToken.None);
        var rule = parsed.Value ?? throw new InvalidOperationException(parsed.Refusal!.Detail);
        var keys = await Server.Services.GetRequiredService<KeyRing>().GetWorkspaceAsync(Id);
        var loader = Server.Services.GetRequiredService<SubjectStateLoader>();
        var matches = 0;
        foreach (var userId in userIds)
        {
            var state = await LoadAsync(loader, keys, userId, RuleEvents.Of(rule));
            matches += SegmentEvaluator.Matches(rule, state, Clock.GetUtcNow()) ? 1 : 0;
        }

        return matches;
    }

    internal async Task<SubjectState> StateAsync(string userId, params string[] eventNames) =>
        await LoadAsync(Server.Services.GetRequiredService<SubjectStateLoader>(), await Server.Services.GetRequiredService<KeyRing>().GetWorkspaceAsync(Id), userId, eventNames);

    public static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private Task<SubjectState> LoadAsync(SubjectStateLoader loader, WorkspaceKeys keys, string userId, IReadOnlyCollection<string> eventNames) =>
        loader.LoadAsync(Id, keys.HashSubject(SubjectKind.User, userId).ToBytes(), eventNames, null, CancellationToken.None);
}
