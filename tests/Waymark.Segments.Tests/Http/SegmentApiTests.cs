using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Segments.Catalog;
using Waymark.Segments.Rules;
using Waymark.Segments.Tests.Support;
using Waymark.TestSupport;
using static Waymark.Segments.Tests.Support.SegmentWorkspace;

namespace Waymark.Segments.Tests.Http;

/// <summary><c>/v1/segments</c>: create, read, change, count and delete, each change audited; names unique; permissions.</summary>
public sealed class SegmentApiTests(SegmentServers servers) : IClassFixture<SegmentServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    private const string TrialConditions = """{"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "starts_with", "value": "trial"}]}""";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Segment_IsCreatedReadCountedChangedAndDeleted_EachChangeAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await Population.SeedAsync(workspace);

        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Trials", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Matches("^seg_[0-9a-f]{16}$", id);
        Assert.Equal("trial", (string?)created["conditions"]!["rules"]![0]!["value"]);
        Assert.StartsWith("server-key:", (string?)created["created_by"], StringComparison.Ordinal);

        var count = await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync($"/v1/segments/{id}/count"));
        Assert.Equal(2, (long)count["count"]!);
        Assert.Equal(5, (long)count["total"]!);

        var list = (await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments")))["segments"]!.AsArray();
        var summary = Assert.Single(list)!;
        Assert.Equal("Trials", (string?)summary["name"]);
        Assert.Equal("plan starts with \"trial\"", (string?)summary["summary"]);

        var changed = await ApiAnswers.ReadJsonAsync(await workspace.Full.PutAsync($"/v1/segments/{id}", Body("""{"name": "Trials in a company", "conditions": {"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "equals", "value": "trial"}, {"type": "company", "op": "in_any"}]}}""")));
        Assert.Equal("Trials in a company", (string?)changed["name"]);
        Assert.Equal(1, (long)(await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync($"/v1/segments/{id}/count")))["count"]!);
        Assert.Equal("Trials in a company", (string?)(await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync($"/v1/segments/{id}")))["name"]);

        Assert.Equal(HttpStatusCode.NoContent, (await workspace.Full.DeleteAsync($"/v1/segments/{id}")).StatusCode);
        await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync($"/v1/segments/{id}"), HttpStatusCode.NotFound, "not-found");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync($"/v1/segments/{id}/count"), HttpStatusCode.NotFound, "not-found");

        foreach (var action in new[] { "segment.created", "segment.updated", "segment.deleted" })
        {
            var entry = Assert.Single(await workspace.AuditAsync(action));
            Assert.Equal(id, (string?)entry["target"]!["id"]);
            Assert.DoesNotContain("trial", entry.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SegmentNames_AreUniquePerWorkspace(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var other = await servers.WorkspaceAsync(provider);
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        await other.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var body = $$"""{"name": "Trials", "conditions": {{TrialConditions}}}""";

        Assert.Equal(HttpStatusCode.Created, (await workspace.Full.PostAsync("/v1/segments", Body(body))).StatusCode);
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments", Body(body)), HttpStatusCode.Conflict, "segment-name-taken");
        Assert.Equal(HttpStatusCode.Created, (await other.Full.PostAsync("/v1/segments", Body(body))).StatusCode);
        var second = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Others", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PutAsync($"/v1/segments/{second["id"]}", Body(body)), HttpStatusCode.Conflict, "segment-name-taken");
    }

    [Fact]
    public async Task BadBodies_Answer400_AndUnknownIds404()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");

        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments", Body("{not json")), HttpStatusCode.BadRequest, "invalid-segment");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments", Body("""{"name": "No conditions"}""")), HttpStatusCode.BadRequest, "invalid-segment");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments", Body("""{"name": " ", "conditions": {"match": "all", "rules": []}}""")), HttpStatusCode.BadRequest, "invalid-segment-name");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments/preview", Body("[]")), HttpStatusCode.BadRequest, "invalid-segment");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PutAsync("/v1/segments/seg_0000000000000000", Body("""{"name": "X", "conditions": {"match": "all", "rules": []}}""")), HttpStatusCode.NotFound, "not-found");
        await ApiAnswers.AssertProblemAsync(await workspace.Full.DeleteAsync("/v1/segments/seg_0000000000000000"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task WithoutContentEdit_ReadsAreAllowed_AndChangesAndPreviewsAre403()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Trials", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        using var viewer = await workspace.KeyClientAsync("workspace:view");
        var body = $$"""{"name": "Viewer's", "conditions": {{TrialConditions}}}""";

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/v1/segments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/v1/segments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/v1/segments/{id}/count")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/v1/segments/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/v1/segments", Body(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync($"/v1/segments/{id}", Body(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/v1/segments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/v1/segments/preview", Body($$"""{"conditions": {{TrialConditions}}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await workspace.Server.Client().GetAsync("/v1/segments")).StatusCode);
        Assert.Single((await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments")))["segments"]!.AsArray());
    }

    [Fact]
    public async Task Keys_ListClassifiedAndSeenKeys_WithTheOperatorsTheirClassAllows()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await Population.SeedAsync(workspace);

        var keys = (await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments/keys")))["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();

        JsonObject Key(string key, string scope) => keys.Single(k => (string?)k["key"] == key && (string?)k["scope"] == scope);
        Assert.Equal("public", (string?)Key("plan", "user")["class"]);
        Assert.Equal(8, Key("plan", "user")["ops"]!.AsArray().Count);
        Assert.Equal("public", (string?)Key("tier", "company")["class"]);
        Assert.Equal("phi", (string?)Key("diagnosis", "user")["class"]);
        Assert.Empty(Key("diagnosis", "user")["ops"]!.AsArray());
        Assert.DoesNotContain(keys, k => (string?)k["key"] == "email");
    }

    [Fact]
    public async Task Catalog_SeesAChangeMadeInThisProcessAtOnce()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var catalog = workspace.Server.Services.GetRequiredService<SegmentCatalog>();
        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Trials", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.IsType<TraitRule>(((RuleGroup)(await catalog.FindAsync(workspace.Id, id, CancellationToken.None))!.Rule!).Rules.Single());

        await workspace.Full.PutAsync($"/v1/segments/{id}", Body("""{"name": "Trials", "conditions": {"match": "all", "rules": [{"type": "event", "event": "Paid", "within_days": 3}]}}"""));

        var segment = (await catalog.FindAsync(workspace.Id, id, CancellationToken.None))!;
        Assert.IsType<EventRule>(((RuleGroup)segment.Rule!).Rules.Single());
        Assert.Equal(["Paid"], segment.EventNames);
        await workspace.Full.DeleteAsync($"/v1/segments/{id}");
        Assert.Null(await catalog.FindAsync(workspace.Id, id, CancellationToken.None));
    }

    [Fact]
    public async Task Catalog_OfAnotherProcess_SeesAChangeOnceItsEntryIsTwoSecondsOld()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Trials", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        var clock = new ManualClock();
        var services = workspace.Server.Services;
        var otherNode = new SegmentCatalog(services.GetRequiredService<Schema.SegmentsContexts>(), services.GetRequiredService<SegmentRules>(), clock);
        Assert.NotNull(await otherNode.FindAsync(workspace.Id, id, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NoContent, (await workspace.Full.DeleteAsync($"/v1/segments/{id}")).StatusCode);

        clock.Advance(SegmentCatalog.Freshness - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await otherNode.FindAsync(workspace.Id, id, CancellationToken.None));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await otherNode.FindAsync(workspace.Id, id, CancellationToken.None));
    }

    [Fact]
    public async Task List_SummarisesRules_WithoutRepeatingPersonalValues()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var conditions = """{"match": "any", "rules": [{"type": "user_trait", "key": "email", "op": "equals", "value": "ada@example.com"}, {"match": "all", "rules": [{"type": "event", "event": "Paid", "did": false, "within_days": 30}, {"type": "first_seen", "op": "more_than_days_ago", "days": 7}]}]}""";
        await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Mixed", "conditions": {{conditions}}}""")), HttpStatusCode.Created);

        var summary = (string?)(await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments")))["segments"]![0]!["summary"];

        Assert.Equal("email equals (personal value) or (did not do \"Paid\" in 30 days and first seen more than 7 days ago)", summary);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SavedSegment_WhoseKeyBecamePhi_IsNotCounted_AndSaysWhy(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public" });
        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Trials", "conditions": {{TrialConditions}}}""")), HttpStatusCode.Created);
        var id = (string)created["id"]!;

        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "phi" });

        var problem = await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync($"/v1/segments/{id}/count"), HttpStatusCode.Conflict, "segment-invalid");
        Assert.Contains("PHI is never used for targeting", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("(no longer valid: edit it)", (string?)(await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments")))["segments"]![0]!["summary"]);
        Assert.False(Evaluation.SegmentEvaluator.Matches((await workspace.Server.Services.GetRequiredService<SegmentCatalog>().FindAsync(workspace.Id, id, CancellationToken.None))!, Evaluation.SubjectState.Unknown, workspace.Clock.GetUtcNow()));
    }
}
