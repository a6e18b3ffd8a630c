using System.Net;
using System.Text.Json.Nodes;
using Waymark.Segments.Tests.Support;
using Waymark.TestSupport;
using static Waymark.Segments.Tests.Support.SegmentWorkspace;

namespace Waymark.Segments.Tests.Rules;

/// <summary>Conditions the parser refuses, each with a problem+json that says what to send instead, and nothing saved.</summary>
public sealed class RuleRefusalTests(SegmentServers servers) : IClassFixture<SegmentServers>
{
    public static readonly TheoryData<string, string> Refused = new()
    {
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "diagnosis", "op": "exists"}]}""", "phi-not-targetable" },
        { """{"match": "all", "rules": [{"type": "company_trait", "key": "diagnosis", "op": "equals", "value": "x"}]}""", "phi-not-targetable" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "email", "op": "contains", "value": "@example.com"}]}""", "unsupported-op" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "email", "op": "exists"}]}""", "unsupported-op" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "email", "op": "equals", "value": 3}]}""", "unsupported-op" },
        { """{"match": "all", "rules": [{"type": "company_trait", "key": "owner_email", "op": "equals", "value": "a@b.c"}]}""", "unsupported-op" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "matches", "value": "x"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "page_view"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "equals"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "equals", "value": {"a": 1}}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "seats", "op": "greater_than", "value": "10"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "plan", "op": "contains", "value": 1}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "user_trait", "key": "pl\"an", "op": "exists"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "event", "event": "Paid", "at_least": -1}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "event", "event": "Paid", "within_days": -7}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "event", "event": "Paid", "at_least": 1.5}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "event"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "first_seen", "op": "within_days", "days": -1}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "first_seen", "op": "within_days"}]}""", "invalid-rule" },
        { """{"match": "all", "rules": [{"type": "company", "op": "in_some"}]}""", "invalid-rule" },
        { """{"match": "most", "rules": []}""", "invalid-rule" },
        { """{"match": "all"}""", "invalid-rule" },
        { """[{"type": "company", "op": "in_any"}]""", "invalid-rule" },
        { """{"match": "all", "rules": [{"match": "any", "rules": [{"match": "all", "rules": [{"match": "any", "rules": [{"match": "all", "rules": []}]}]}]}]}""", "invalid-rule" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task InvalidConditions_AreRefusedWithWhatToSendInstead(string conditions, string problemType)
    {
        var workspace = await WorkspaceAsync("sqlite");

        var preview = await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments/preview", Body($$"""{"conditions": {{conditions}}}""")), HttpStatusCode.BadRequest, problemType);
        await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments", Body($$"""{"name": "Refused", "conditions": {{conditions}}}""")), HttpStatusCode.BadRequest, problemType);

        Assert.False(string.IsNullOrWhiteSpace((string?)preview["detail"]));
        if (problemType == "phi-not-targetable")
        {
            Assert.Contains("PHI is never used for targeting", (string?)preview["detail"], StringComparison.Ordinal);
        }

        var list = await ApiAnswers.ReadJsonAsync(await workspace.Full.GetAsync("/v1/segments"));
        Assert.Empty(list["segments"]!.AsArray());
    }

    [Fact]
    public async Task DepthOfFour_IsAccepted_FiftyRulesAreAccepted_FiftyOneAreNot()
    {
        var workspace = await WorkspaceAsync("sqlite");
        var deepest = """{"match": "all", "rules": [{"match": "any", "rules": [{"match": "all", "rules": [{"match": "any", "rules": [{"type": "company", "op": "in_any"}]}]}]}]}""";
        static string Flat(int rules) => "{\"conditions\": {\"match\": \"all\", \"rules\": [" + string.Join(',', Enumerable.Repeat("""{"type": "user_trait", "key": "plan", "op": "exists"}""", rules)) + "]}}";

        Assert.Equal(HttpStatusCode.OK, (await workspace.Full.PostAsync("/v1/segments/preview", Body($$"""{"conditions": {{deepest}}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await workspace.Full.PostAsync("/v1/segments/preview", Body(Flat(50)))).StatusCode);
        var refused = await ApiAnswers.AssertProblemAsync(await workspace.Full.PostAsync("/v1/segments/preview", Body(Flat(51))), HttpStatusCode.BadRequest, "invalid-rule");
        Assert.Contains("50", (string?)refused["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_NeverEchoTheSubmittedKeyOrValue()
    {
        var workspace = await WorkspaceAsync("sqlite");
        var answer = await (await workspace.Full.PostAsync("/v1/segments/preview", Body("""{"conditions": {"match": "all", "rules": [{"type": "user_trait", "key": "email", "op": "contains", "value": "secret-person@example.com"}]}}"""))).Content.ReadAsStringAsync();

        var detail = (string?)JsonNode.Parse(answer)!["detail"];
        Assert.DoesNotContain("secret-person", detail, StringComparison.Ordinal);
        Assert.Contains("conditions.rules[0]", detail, StringComparison.Ordinal);
    }

    private async Task<SegmentWorkspace> WorkspaceAsync(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.ClassifyAsync(new Dictionary<string, string> { ["plan"] = "public", ["seats"] = "public", ["diagnosis"] = "phi" });
        return workspace;
    }
}
