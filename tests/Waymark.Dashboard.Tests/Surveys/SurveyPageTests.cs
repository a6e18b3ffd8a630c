using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;
using static Waymark.Dashboard.Tests.Surveys.SurveyForms;

namespace Waymark.Dashboard.Tests.Surveys;

/// <summary>The survey pages without a browser: authoring through the editor's posts, results of answers sent with the write key, open text, versions and refusals.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SurveyPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    private string Editor => $"/w/{fixture.Ws}/experiences/surveys/edit";

    [Fact]
    public async Task ResultsPage_ForAnswersSentThroughBatch_ShowsTheNpsScoreChartsAndCsv()
    {
        using var client = await fixture.OwnerAsync();
        var id = await SaveSurveyAsync(client, Editor, NpsWithFollowUp("NPS results"));
        await AnswerAsync(fixture.Server, fixture.WriteKey, id,
            ("ada", "q1", "nps", 10), ("grace", "q1", "nps", 9), ("linus", "q1", "nps", 3), ("linus", "q2", "text", "Faster reports"));

        var results = await WaitForAsync(client, $"/w/{fixture.Ws}/experiences/surveys/{id}/results", "q1-answers", "3");

        // 2 promoters, 1 detractor of 3: round(100 × 1 / 3).
        Assert.Equal("33", Value(results, "q1-nps"));
        Assert.Equal("2", Value(results, "q1-promoters"));
        Assert.Equal("0", Value(results, "q1-passives"));
        Assert.Equal("1", Value(results, "q1-detractors"));
        Assert.Equal("3", Value(results, "responses"));
        Assert.Equal("line", (string)Island(results, "q-q1-score")["kind"]!);
        Assert.Equal(["Promoters", "Passives", "Detractors"], Island(results, "q-q1-groups")["series"]!.AsArray().Select(s => (string)s!["name"]!));
        Assert.Equal("stacked_bar", (string)Island(results, "q-q1-groups")["kind"]!);
        var distribution = Island(results, "q-q1-distribution");
        Assert.Equal(Enumerable.Range(0, 11).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), distribution["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal([0.0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1], distribution["series"]![0]!["values"]!.AsArray().Select(v => (double)v!));
        Assert.True(results.Shows("1 text answers"), results.Html);
        Assert.Contains($"/w/{fixture.Ws}/experiences/surveys/{id}/answers?question=q2", results.Html, StringComparison.Ordinal);

        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var csv = await http.GetAsync(new Uri(CsvLink(results, "q-q1-distribution"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Score,Answers\r\n0,0\r\n1,0\r\n2,0\r\n3,1\r\n4,0\r\n5,0\r\n6,0\r\n7,0\r\n8,0\r\n9,1\r\n10,1\r\n", await csv.Content.ReadAsStringAsync());
        using var overTime = await http.GetAsync(new Uri(CsvLink(results, "q-q1-groups"), UriKind.Relative));
        Assert.StartsWith("Date,Promoters,Passives,Detractors\r\n", await overTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var answers = await client.GetAsync($"/w/{fixture.Ws}/experiences/surveys/{id}/answers?question=q2");
        Assert.Equal(HttpStatusCode.OK, answers.Status);
        Assert.True(answers.Shows("Faster reports"), answers.Html);
        using var answersCsv = await http.GetAsync(new Uri($"/w/{fixture.Ws}/experiences/surveys/{id}/answers?question=q2&format=csv", UriKind.Relative));
        var text = await answersCsv.Content.ReadAsStringAsync();
        Assert.StartsWith("answered_at,user_id,text\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith(",linus,Faster reports\r\n", text, StringComparison.Ordinal);

        // Each read of the text is audited as a personal-data read, without the text or who wrote it.
        using var api = fixture.Api();
        using var audit = await api.GetAsync(new Uri("v1/audit?limit=500", UriKind.Relative));
        var entries = await audit.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Contains("\"data.read\"", entries, StringComparison.Ordinal);
        Assert.Contains("survey_answers", entries, StringComparison.Ordinal);
        Assert.DoesNotContain("Faster reports", entries, StringComparison.Ordinal);
        Assert.DoesNotContain("linus", entries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultsPage_WithAnUnknownSegment_SaysSoNextToTheSegmentFilter()
    {
        using var client = await fixture.OwnerAsync();
        var id = await SaveSurveyAsync(client, Editor, NpsWithFollowUp("Segmented"));

        var results = await client.GetAsync($"/w/{fixture.Ws}/experiences/surveys/{id}/results?segment=seg_0000&interval=day");

        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.Contains("class=\"field-error\"", results.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"q1-nps\"", results.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_AddQuestionAndBranch_KeepTheFormAndSaveTheSurveyThroughTheApi()
    {
        using var client = await fixture.OwnerAsync();
        List<KeyValuePair<string, string>> first = [Field("Form.Name", "Built up"), Field("Form.Questions[0].Id", "q1"), Field("Form.Questions[0].Type", "nps"), Field("Form.Questions[0].Prompt", "How likely?"), .. Targeting()];

        var added = await PressAsync(client, Editor, first, "add-question");
        Assert.True(added.Shows("Question 2"), added.Html);
        Assert.True(added.Shows("value=\"How likely?\""), "the entered prompt is kept");
        Assert.Contains("name=\"Form.Questions[1].Id\" value=\"q2\"", added.Html, StringComparison.Ordinal);
        var branched = await PressAsync(client, Editor, first, "add-branch:0");
        Assert.True(branched.Shows("Rule 1: if the score is at least"), branched.Html);

        var id = await SaveSurveyAsync(client, Editor, NpsWithFollowUp("Built up"));
        using var api = fixture.Api();
        var survey = await api.GetFromJsonAsync<JsonObject>(new Uri($"v1/surveys/{id}", UriKind.Relative));
        var questions = survey!["definition"]!["questions"]!.AsArray();
        Assert.Equal(["nps", "text"], questions.Select(q => (string)q!["type"]!));
        Assert.Equal("q2", (string)questions[0]!["next"]![0]!["go_to"]!);
        Assert.Equal(6, (int)questions[0]!["next"]![0]!["when"]!["max"]!);
        Assert.Equal("Tell us", (string)questions[1]!["placeholder"]!);
        Assert.Equal("Thanks for your answer!", (string)survey["definition"]!["thank_you"]!);
    }

    [Fact]
    public async Task EditorSave_WithABranchGoingBackwards_ShowsTheValidatorsErrorNextToTheFieldAndSavesNothing()
    {
        using var client = await fixture.OwnerAsync();

        var refused = await PressAsync(client, Editor, NpsWithFollowUp("Loops back", firstGoTo: "q1"), "save");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Matches("""<p class="field-error" id="[^"]*Branches[^"]*GoTo[^"]*"><span class="visually-hidden">Error: </span>questions\[0\]\.next\[0\]\.go_to must be the id of a later question""", refused.Html);
        Assert.False((await client.GetAsync($"/w/{fixture.Ws}/experiences/surveys")).Shows("Loops back"));
    }

    [Fact]
    public async Task VersionsPage_WithASurveyVersion_ShowsItsQuestionsAndPublishes()
    {
        using var client = await fixture.OwnerAsync();
        var id = await SaveSurveyAsync(client, Editor, NpsWithFollowUp("Versioned survey"));
        await PublishAsync(client, fixture.Ws, id, "production");

        var version = await client.GetAsync($"/w/{fixture.Ws}/experiences/{id}/versions?version=1");

        Assert.Equal(HttpStatusCode.OK, version.Status);
        Assert.True(version.Shows("How likely are you to recommend Acme?"), version.Html);
        Assert.True(version.Shows("if the score is 0 to 6 → q2"), version.Html);
        Assert.Contains("state-live", Row(await client.GetAsync($"/w/{fixture.Ws}/experiences/surveys"), id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_MayOpenTheEditor_ButSavingResultsAndAnswersAreRefused()
    {
        using var owner = await fixture.OwnerAsync();
        var id = await SaveSurveyAsync(owner, Editor, NpsWithFollowUp("Look only"));
        using var viewer = await fixture.NewViewerAsync();

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"{Editor}/{id}")).Status);
        var save = await PressAsync(viewer, $"{Editor}/{id}", NpsWithFollowUp("Changed by a viewer"), "save");
        var add = await PressAsync(viewer, Editor, NpsWithFollowUp("New by a viewer"), "add-question");

        Assert.Equal(HttpStatusCode.Forbidden, save.Status);
        Assert.Equal(HttpStatusCode.Forbidden, add.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/w/{fixture.Ws}/experiences/surveys/{id}/answers?question=q2")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/w/{fixture.Ws}/experiences/surveys/{id}/results")).Status);
        Assert.True((await owner.GetAsync($"/w/{fixture.Ws}/experiences/surveys")).Shows("Look only"));
    }
}
