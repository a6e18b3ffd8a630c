using System.Net;
using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.Experiences.Tests.Surveys.SurveyClient;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary>
/// <c>GET /v1/surveys/{id}/results</c>, checked against numbers worked out by hand: NPS 9–10 promote, 7–8 are passive,
/// 0–6 detract, score = round(100 × (promoters − detractors) / answers).
/// </summary>
public abstract class SurveyResultsTests(WaymarkTestServer server)
{
    private const string Range = "from=2026-11-02&to=2026-11-20";

    [Fact]
    public async Task Results_CountNpsRatingAndChoices_AsWorkedOutByHand()
    {
        var (api, id) = await SeedAsync();

        var results = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/results?{Range}&interval=week");

        // Scores 10, 9, 7, 3, 0, 8, 10 (hal's 1 is before the range): promoters 3, passives 2, detractors 2 → round(100 × 1 / 7) = 14.
        Assert.Equal(7, (int?)results["responses"]);
        var nps = Question(results, "q1");
        Assert.Equal(7, (int?)nps["answers"]);
        Assert.Equal(14, (int?)nps["nps"]!["score"]);
        Assert.Equal([3, 2, 2], new[] { "promoters", "passives", "detractors" }.Select(k => (int)nps["nps"]![k]!));
        Assert.Equal(Enumerable.Range(0, 11).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), nps["distribution"]!.AsArray().Select(p => (string)p!["value"]!));
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 2], nps["distribution"]!.AsArray().Select(p => (int)p!["count"]!));

        // Week of 2 Nov: 10, 9, 7, 3 → (2 − 1) / 4 = 25. Week of 9 Nov: 0, 8, 10 → 0. Week of 16 Nov: nobody, so null.
        var weeks = nps["over_time"]!.AsArray();
        Assert.Equal(["2026-11-02", "2026-11-09", "2026-11-16"], weeks.Select(w => (string)w!["date"]!));
        Assert.Equal([4, 3, 0], weeks.Select(w => (int)w!["answers"]!));
        Assert.Equal([25, 0, null], weeks.Select(w => (int?)w!["score"]));
        Assert.Equal([2, 1, 0], weeks.Select(w => (int)w!["promoters"]!));

        Assert.Equal(1, (int?)Question(results, "q2")["answers"]);
        Assert.Null(Question(results, "q2")["distribution"]);
        var single = Question(results, "q3");
        Assert.Equal(2, (int?)single["answers"]);
        Assert.Equal(["reports:Reports:1", "api:API:1"], single["distribution"]!.AsArray().Select(p => $"{p!["value"]}:{p["label"]}:{p["count"]}"));
        var multiple = Question(results, "q4");
        Assert.Equal(1, (int?)multiple["answers"]);
        Assert.Equal([1, 1], multiple["distribution"]!.AsArray().Select(p => (int)p!["count"]!));
        var rating = Question(results, "q5");
        Assert.Equal(3, (int?)rating["answers"]);
        Assert.Equal(4.0, (double?)rating["average"]);
        Assert.Equal([0, 0, 1, 1, 1], rating["distribution"]!.AsArray().Select(p => (int)p!["count"]!));
    }

    [Fact]
    public async Task Results_ByMonth_PutTheWholeRangeInOneBucket()
    {
        var (api, id) = await SeedAsync();

        var results = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/results?{Range}&interval=month");

        var month = Assert.Single(Question(results, "q1")["over_time"]!.AsArray())!;
        Assert.Equal("2026-11-01", (string?)month["date"]);
        Assert.Equal(14, (int?)month["score"]);
    }

    [Fact]
    public async Task Results_ForASegment_CountOnlyItsCurrentUsers()
    {
        var (api, id) = await SeedAsync();
        var segment = await CreateSegmentAsync(api, "pro");

        var results = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/results?{Range}&segment={segment}");

        // Pro users ada (10), bob (9), eve (0): (2 − 1) / 3 = 33.
        Assert.Equal(3, (int?)results["responses"]);
        Assert.Equal(33, (int?)Question(results, "q1")["nps"]!["score"]);
        Assert.Equal(segment, (string?)results["segment"]);
    }

    [Fact]
    public async Task Results_ForAnUnknownSegment_Is404_AndBadRangesAre400()
    {
        var (api, id) = await SeedAsync();

        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?segment=seg_nope"), HttpStatusCode.NotFound, "not-found");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?from=2026-11-20&to=2026-11-02"), HttpStatusCode.BadRequest, "invalid-range");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?from=2025-01-01&to=2026-11-02"), HttpStatusCode.BadRequest, "invalid-range");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?from=yesterday"), HttpStatusCode.BadRequest, "invalid-date");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?interval=hour"), HttpStatusCode.BadRequest, "invalid-interval");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync("/v1/surveys/srv_missing/results"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Results_ForASegmentWhoseKeyBecamePhi_Are400_SayingWhy()
    {
        var (api, id) = await SeedAsync();
        var segment = await CreateSegmentAsync(api, "pro");

        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "phi" } });

        var problem = await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/results?{Range}&segment={segment}"), HttpStatusCode.BadRequest, "unusable-segment");
        Assert.Contains("PHI is never used for targeting", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_AsCsv_HaveOneRowPerPoint()
    {
        var (api, id) = await SeedAsync();

        var response = await api.Full.GetAsync($"/v1/surveys/{id}/results?{Range}&interval=week&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("question_id,type,date,value,count", lines[0]);
        Assert.Contains("q1,nps,,10,2", lines);
        Assert.Contains("q1,nps,2026-11-02,nps,25", lines);
        Assert.Contains("q1,nps,2026-11-16,nps,", lines);
        Assert.Contains("q2,text,,answers,1", lines);
        Assert.Contains("q3,single_choice,,api,1", lines);
        Assert.Contains("q5,rating,,4,1", lines);
        // 11 NPS values + 3 weeks, 1 text row, 2 + 2 options, 5 ratings, and the header.
        Assert.Equal(1 + 11 + 3 + 1 + 2 + 2 + 5, lines.Length);
    }

    [Fact]
    public async Task Results_NeedAnalyticsRead()
    {
        var (api, id) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read");

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/v1/surveys/{id}/results?{Range}")).StatusCode);
    }

    [Fact]
    public async Task DeletingAUser_RemovesTheirAnswersFromResults()
    {
        var (api, id) = await SeedAsync();
        Assert.Equal(15, await api.CountRowsAsync("survey_answers"));

        await DeleteUserAsync(api, "ada");

        // Without ada's 10: promoters 2, passives 2, detractors 2 → 0.
        var results = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/results?{Range}");
        Assert.Equal(6, (int?)results["responses"]);
        Assert.Equal(0, (int?)Question(results, "q1")["nps"]!["score"]);
        Assert.Equal(0, (int?)Question(results, "q3")["distribution"]![1]!["count"]);
        Assert.Equal(12, await api.CountRowsAsync("survey_answers"));
    }

    private async Task<(WorkspaceClient Api, string Id)> SeedAsync()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public" } });
        var id = await LiveAsync(api);
        foreach (var (user, plan) in new[] { ("ada", "pro"), ("bob", "pro"), ("eve", "pro"), ("cy", "trial"), ("dan", "trial"), ("fay", "trial"), ("gus", "trial"), ("hal", "trial") })
        {
            await api.SendAsync("/v1/identify", new { userId = user, traits = new { plan } });
        }

        await SendAsync(
            api,
            Answer("ada", id, "q1", "nps", 10, Day(11, 2)),
            Answer("ada", id, "q3", "single_choice", new[] { "api" }, Day(11, 2)),
            Answer("ada", id, "q5", "rating", 5, Day(11, 2, 13)),
            Answer("bob", id, "q1", "nps", 9, Day(11, 3)),
            Answer("bob", id, "q4", "multiple_choice", new[] { "reports", "api" }, Day(11, 3)),
            Answer("cy", id, "q1", "nps", 7, Day(11, 4)),
            Answer("cy", id, "q5", "rating", 3, Day(11, 4)),
            Answer("dan", id, "q1", "nps", 3, Day(11, 8, 23)),
            Answer("dan", id, "q2", "text", "Too slow", Day(11, 8, 23)),
            Answer("eve", id, "q1", "nps", 0, Day(11, 10)),
            Answer("eve", id, "q3", "single_choice", new[] { "reports" }, Day(11, 10)),
            Answer("eve", id, "q5", "rating", 4, Day(11, 10)),
            Answer("fay", id, "q1", "nps", 8, Day(11, 11)),
            Answer("gus", id, "q1", "nps", 10, Day(11, 12)),
            Answer("hal", id, "q1", "nps", 1, Day(10, 20)));
        return (api, id);
    }

    private static JsonObject Question(JsonObject results, string id) =>
        results["questions"]!.AsArray().Single(q => (string?)q!["id"] == id)!.AsObject();
}

public sealed class SqliteSurveyResultsTests(SqliteServerFixture fixture) : SurveyResultsTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSurveyResultsTests(PostgresServerFixture fixture) : SurveyResultsTests(fixture.Server), IClassFixture<PostgresServerFixture>;
