using System.Net;
using Waymark.Analytics.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Analytics.Tests.Http;

/// <summary>Bad questions answer problem+json that says what to send instead; non-public keys are never read.</summary>
public sealed class RefusalTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Breakdown_ByPersonalOrPhiKey_IsRefused_NamingItsClass(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        foreach (var (key, dataClass) in new[] { ("email", "personal"), ("diagnosis", "phi"), ("never-classified", "personal") })
        {
            var problem = await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync($"/v1/analytics/trends?event=Upgraded&breakdown={key}"), HttpStatusCode.BadRequest, "breakdown-not-public");
            Assert.Equal(dataClass, (string?)problem["class"]);
            Assert.Contains("classified " + dataClass, (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/v1/analytics/trends")]
    [InlineData("/v1/analytics/trends?event=a&event=b&event=c&event=d&event=e&event=f")]
    [InlineData("/v1/analytics/trends?event=Upgraded&interval=year")]
    [InlineData("/v1/analytics/trends?event=Upgraded&measure=sum")]
    [InlineData("/v1/analytics/trends?event=Upgraded&from=2026-13-01")]
    [InlineData("/v1/analytics/trends?event=Upgraded&from=2026-03-02&to=2026-03-01")]
    [InlineData("/v1/analytics/trends?event=Upgraded&from=2024-01-01&to=2025-01-02")]
    [InlineData("/v1/analytics/trends?event=Upgraded&format=xml")]
    [InlineData("/v1/analytics/funnels?step=Upgraded")]
    [InlineData("/v1/analytics/funnels?step=a&step=b&step=c&step=d&step=e&step=f&step=g&step=h&step=i")]
    [InlineData("/v1/analytics/funnels?step=a&step=b&window_days=0")]
    [InlineData("/v1/analytics/funnels?step=a&step=b&window_days=91")]
    [InlineData("/v1/analytics/funnels?step=a&step=")]
    [InlineData("/v1/analytics/retention?cohort=event")]
    [InlineData("/v1/analytics/retention?cohort=first_seen&cohort_event=Upgraded")]
    [InlineData("/v1/analytics/retention?cohort=signup")]
    [InlineData("/v1/analytics/retention?periods=27")]
    [InlineData("/v1/analytics/retention?periods=two")]
    [InlineData("/v1/analytics/experiences?to=yesterday")]
    public async Task BadInput_AnswersProblem(string path)
    {
        var workspace = await servers.SeededAsync("sqlite");
        var problem = await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync(path), HttpStatusCode.BadRequest, "invalid-analytics-query");
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
    }

    [Fact]
    public async Task UnknownSegment_Answers404()
    {
        var workspace = await servers.SeededAsync("sqlite");
        foreach (var path in new[] { "trends?event=Upgraded&", "funnels?step=a&step=b&", "retention?", "experiences?" })
        {
            await ApiAnswers.AssertProblemAsync(await workspace.Full.GetAsync($"/v1/analytics/{path}segment=seg_0000000000000000"), HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task SegmentOnAKeyLaterClassifiedPhi_IsRefusedSayingWhy()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        await workspace.SeedAsync(Dataset.Edges(servers.Clock));
        var segment = await TrendTests.SegmentAsync(workspace, "Gold", "gold");
        await workspace.Client.ClassifyAsync(new { classes = new Dictionary<string, string> { ["tier"] = "phi" } });

        // The segment catalog and the data classes are cached for a few seconds: wait for both to see the change.
        HttpResponseMessage? response = null;
        for (var i = 0; i < 100 && response?.StatusCode != HttpStatusCode.BadRequest; i++)
        {
            await Task.Delay(i == 0 ? 0 : 200);
            response = await workspace.Full.GetAsync($"/v1/analytics/trends?event=Upgraded&segment={segment}");
        }

        var problem = await ApiAnswers.AssertProblemAsync(response!, HttpStatusCode.BadRequest, "segment-invalid");
        Assert.Contains("matches nobody", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpoint_NeedsAnalyticsRead()
    {
        var workspace = await servers.SeededAsync("sqlite");
        var viewer = await workspace.Client.KeyClientAsync("workspace:view");
        var analyst = await workspace.Client.KeyClientAsync("analytics:read");
        foreach (var path in new[] { "trends?event=Upgraded", "funnels?step=a&step=b", "retention", "experiences" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/v1/analytics/" + path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/v1/analytics/" + path)).StatusCode);
        }
    }
}
