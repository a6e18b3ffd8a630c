using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.Keys;
using Waymark.Segments.Evaluation;
using Waymark.Segments.Rules;
using Waymark.TestSupport;

namespace Waymark.Segments.Tests.Support;

/// <summary>A fresh workspace seen through the API (write key, full server key, narrower keys) and through the library's own services.</summary>
public sealed class SegmentWorkspace
{
    private readonly string _writeKey;

    private SegmentWorkspace(WaymarkTestServer server, AnchoredClock clock, long id, string writeKey, string serverKey)
    {
        Server = server;
        Clock = clock;
        Id = id;
        _writeKey = writeKey;
        Full = server.ServerKeyClient(serverKey);
    }

    public WaymarkTestServer Server { get; }

    public AnchoredClock Clock { get; }

    public long Id { get; }

    /// <summary>The workspace's first server key, which holds every permission.</summary>
    public HttpClient Full { get; }

    public static async Task<SegmentWorkspace> CreateAsync(WaymarkTestServer server, AnchoredClock clock)
    {
        var created = await server.CreateWorkspaceAsync();
        return new SegmentWorkspace(server, clock, created.InternalId, created.WriteKey, created.ServerKey);
    }

    /// <summary>A client whose key holds only <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(params string[] scopes)
    {
        var created = await Full.PostAsync("/v1/keys", ApiAnswers.Json(new { name = "narrow", scopes }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;
        return Server.ServerKeyClient(secret);
    }

    public async Task ClassifyAsync(IReadOnlyDictionary<string, string> classes) =>
        Assert.Equal(HttpStatusCode.OK, (await Full.PutAsync("/v1/data-classes", ApiAnswers.Json(new { classes }))).StatusCode);

    /// <summary>Sends calls through <c>/v1/batch</c> with the write key; they are stored when it answers.</summary>
    public async Task SendAsync(params object[] calls)
    {
        using var write = Server.WriteKeyClient(_writeKey);
        var response = await write.PostAsync("/v1/batch", ApiAnswers.Json(new { batch = calls }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

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

    /// <summary>This workspace's audit entries with <paramref name="action"/>, newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> AuditAsync(string action)
    {
        var page = await Full.GetFromJsonAsync<JsonObject>("/v1/audit?limit=500&action=" + Uri.EscapeDataString(action));
        return page!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    public static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private Task<SubjectState> LoadAsync(SubjectStateLoader loader, WorkspaceKeys keys, string userId, IReadOnlyCollection<string> eventNames) =>
        loader.LoadAsync(Id, keys.HashSubject(SubjectKind.User, userId).ToBytes(), eventNames, CancellationToken.None);
}
