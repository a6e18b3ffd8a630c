using System.Text.Json.Nodes;
using Waymark.Experiences.Tests.Delivery;
using Waymark.TestSupport;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary><c>GET /v1/content</c> answers at most one survey, with the same segment, page, trigger and frequency rules as flows.</summary>
public abstract class SurveyDeliveryTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Content_ShowsTheSurveyOnlyToUsersInItsSegment_WithoutItsTargeting()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public" } });
        var segment = await SurveyClient.CreateSegmentAsync(api, "pro");
        var id = await SurveyClient.LiveAsync(api, SurveyClient.Definition(segmentId: segment));
        await api.SendAsync("/v1/identify", new { userId = "pro-user", traits = new { plan = "pro" } });
        await api.SendAsync("/v1/identify", new { userId = "trial-user", traits = new { plan = "trial" } });

        var pro = await ContentApiTests.ContentAsync(api, "user_id=pro-user&path=/");
        var survey = Assert.Single(pro["surveys"]!.AsArray())!;
        Assert.Equal(id, (string?)survey["id"]);
        Assert.Equal(1, (int?)survey["version"]);
        Assert.Equal("Thanks for your answer!", (string?)survey["thank_you"]);
        Assert.Equal("page_load", (string?)survey["trigger"]!["type"]);
        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], survey["questions"]!.AsArray().Select(q => (string)q!["id"]!));
        Assert.Equal("q2", (string?)survey["questions"]![0]!["next"]![0]!["go_to"]);
        Assert.Null(survey["targeting"]);
        Assert.Empty(SurveyIds(await ContentAsync(api, "trial-user")));
        Assert.Empty(SurveyIds(await ContentAsync(api, "stranger")));
    }

    [Fact]
    public async Task Content_OnceSurvey_IsNotShownAgainAfterSurveyShown()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await SurveyClient.LiveAsync(api, SurveyClient.Definition(frequency: new { type = "once" }));
        Assert.Equal([id], SurveyIds(await ContentAsync(api, "ada")));

        await SurveyClient.TrackAsync(api, "ada", id, "$survey_shown");

        Assert.Empty(SurveyIds(await ContentAsync(api, "ada")));
        Assert.Equal([id], SurveyIds(await ContentAsync(api, "bob")));
        Assert.Equal(1, (int?)(await WorkspaceClient.GetJsonAsync(api.Full, $"/v1/surveys/{id}/progress"))["users_shown"]);
    }

    [Fact]
    public async Task Content_UntilCompletedSurvey_ComesBackAfterDismissal_AndStopsOnceCompleted()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await SurveyClient.LiveAsync(api, SurveyClient.Definition(frequency: new { type = "until_completed", cooldown_minutes = 0 }));
        await SurveyClient.TrackAsync(api, "ada", id, "$survey_shown");
        await SurveyClient.TrackAsync(api, "ada", id, "$survey_dismissed");
        Assert.Equal([id], SurveyIds(await ContentAsync(api, "ada")));

        await SurveyClient.TrackAsync(api, "ada", id, "$survey_completed");

        Assert.Empty(SurveyIds(await ContentAsync(api, "ada")));
        var progress = await WorkspaceClient.GetJsonAsync(api.Full, $"/v1/surveys/{id}/progress");
        Assert.Equal(1, (int?)progress["users_completed"]);
    }

    [Fact]
    public async Task Content_UntilCompletedSurvey_WaitsForItsCooldownAfterBeingShown()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await SurveyClient.LiveAsync(api, SurveyClient.Definition(frequency: new { type = "until_completed", cooldown_minutes = 1440 }));

        await SurveyClient.TrackAsync(api, "ada", id, "$survey_shown");

        Assert.Empty(SurveyIds(await ContentAsync(api, "ada")));
    }

    [Fact]
    public async Task Content_AnswersAtMostOneSurvey_TheHighestPriority_AndManualOnesOnlyByTrigger()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        await SurveyClient.LiveAsync(api, SurveyClient.Definition("Low", priority: 1));
        var high = await SurveyClient.LiveAsync(api, SurveyClient.Definition("High", priority: 90));
        var manual = await SurveyClient.LiveAsync(api, SurveyClient.Definition("Manual", trigger: new { type = "manual" }, priority: 100));

        Assert.Equal([high], SurveyIds(await ContentAsync(api, "ada")));
        var triggered = await ContentApiTests.ContentAsync(api, $"user_id=ada&path=/&trigger={manual}");
        Assert.Equal([manual], SurveyIds(triggered));
        Assert.Empty(triggered["flows"]!.AsArray());
    }

    private static Task<JsonObject> ContentAsync(WorkspaceClient api, string userId) => ContentApiTests.ContentAsync(api, $"user_id={userId}&path=/");

    private static List<string> SurveyIds(JsonObject answer) => answer["surveys"]!.AsArray().Select(s => (string)s!["id"]!).ToList();
}

public sealed class SqliteSurveyDeliveryTests(SqliteServerFixture fixture) : SurveyDeliveryTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSurveyDeliveryTests(PostgresServerFixture fixture) : SurveyDeliveryTests(fixture.Server), IClassFixture<PostgresServerFixture>;
