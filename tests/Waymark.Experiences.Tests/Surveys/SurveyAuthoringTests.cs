using System.Net;
using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary>Surveys are authored, versioned, published and audited like flows; every invalid definition is refused whole.</summary>
public abstract class SurveyAuthoringTests(WaymarkTestServer server)
{
    public static TheoryData<string, string> Refusals => new()
    {
        { "no-name", "name is required" },
        { "no-questions", "questions holds 1 to 10 questions" },
        { "eleven-questions", "questions holds 1 to 10 questions" },
        { "bad-id", "questions[1].id must be unique" },
        { "duplicate-id", "questions[1].id must be unique" },
        { "id-end", "questions[1].id must be unique" },
        { "bad-type", "questions[0].type must be one of" },
        { "no-prompt", "questions[0].prompt is required" },
        { "html-prompt", "questions[0].prompt is plain text" },
        { "long-prompt", "questions[0].prompt is longer than 300 characters" },
        { "labels-on-text", "questions[1].low_label and high_label are only for nps and rating" },
        { "scale-too-big", "questions[4].scale must be 3 to 10" },
        { "scale-on-nps", "questions[0].scale is only for rating questions" },
        { "placeholder-on-nps", "questions[0].placeholder is only for text questions" },
        { "one-option", "questions[2].options holds 2 to 10 options" },
        { "no-options", "questions[2].options holds 2 to 10 options" },
        { "options-on-rating", "questions[4].options is only for single_choice and multiple_choice" },
        { "duplicate-option", "questions[3].options[1].id must be unique" },
        { "empty-option-label", "questions[3].options[0].label is required" },
        { "branch-backward", "questions[2].next[0].go_to must be the id of a later question or \"end\"" },
        { "branch-to-self", "questions[0].next[0].go_to must be the id of a later question or \"end\"" },
        { "branch-unknown", "questions[0].next[1].go_to must be the id of a later question or \"end\"" },
        { "branch-score-out-of-range", "questions[0].next[0].when needs min and/or max between 0 and 10" },
        { "branch-min-above-max", "questions[0].next[0].when needs min and/or max between 0 and 10" },
        { "branch-choice-on-nps", "questions[0].next[0].when needs min and/or max" },
        { "branch-unknown-choice", "questions[2].next[0].when.choice must be the id of one of this question's options" },
        { "branch-on-text", "questions[1].next: a text question cannot branch" },
        { "html-thank-you", "thank_you is plain text" },
        { "bad-frequency", "targeting.frequency.type must be one of" },
        { "unknown-field", "The definition could not be read" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Create_InvalidDefinition_Returns400NamingTheField_AndSavesNothing(string mutation, string expected)
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var definition = SurveyClient.Definition();
        Mutate(definition, mutation);

        var problem = await ApiAnswers.AssertProblemAsync(await api.Full.PostAsync("/v1/surveys", Json(definition)), HttpStatusCode.BadRequest, "invalid-survey");

        Assert.Contains(expected, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync(api.Full, "/v1/surveys"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Survey_IsVersionedPublishedAndArchivedLikeAFlow_AndAudited()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await SurveyClient.LiveAsync(api);
        Assert.StartsWith("srv_", id, StringComparison.Ordinal);

        var edited = SurveyClient.Definition("NPS Q4 v2");
        var saved = await ApiAnswers.ReadJsonAsync(await api.Full.PutAsync($"/v1/surveys/{id}", Json(edited)));
        Assert.Equal(2, (int?)saved["version"]);
        Assert.Equal(5, (await GetJsonAsync(api.Full, $"/v1/surveys/{id}?version=1"))["definition"]!["questions"]!.AsArray().Count);
        Assert.Equal(5, (int?)(await GetJsonAsync(api.Full, $"/v1/surveys/{id}"))["definition"]!["questions"]![4]!["scale"]);

        var listed = (await GetJsonAsync(api.Full, "/v1/surveys"))["items"]!.AsArray().Single()!;
        Assert.Equal("survey", (string?)listed["kind"]);
        Assert.Equal(1, (int?)listed["production_version"]);
        Assert.Equal(2, (int?)listed["draft_version"]);

        Assert.Equal(HttpStatusCode.OK, (await api.Full.DeleteAsync($"/v1/surveys/{id}")).StatusCode);
        Assert.Empty((await GetJsonAsync(api.Full, "/v1/surveys"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync($"/v1/flows/{id}")).StatusCode);

        var published = Assert.Single(await api.AuditAsync("content.published"));
        Assert.Equal("survey", (string?)published["details"]!["kind"]);
        Assert.Single(await api.AuditAsync("content.archived"));
    }

    private static void Mutate(JsonObject definition, string mutation)
    {
        var questions = definition["questions"]!.AsArray();
        JsonObject Q(int i) => questions[i]!.AsObject();
        switch (mutation)
        {
            case "no-name": definition["name"] = " "; break;
            case "no-questions": definition["questions"] = new JsonArray(); break;
            case "eleven-questions":
                for (var i = 0; i < 6; i++)
                {
                    questions.Add(new JsonObject { ["id"] = $"extra_{i}", ["type"] = "text", ["prompt"] = "More?" });
                }

                break;
            case "bad-id": Q(1)["id"] = "Q-2"; break;
            case "duplicate-id": Q(1)["id"] = "q1"; break;
            case "id-end": Q(1)["id"] = "end"; break;
            case "bad-type": Q(0)["type"] = "slider"; break;
            case "no-prompt": Q(0)["prompt"] = ""; break;
            case "html-prompt": Q(0)["prompt"] = "How <b>likely</b>?"; break;
            case "long-prompt": Q(0)["prompt"] = new string('x', 301); break;
            case "labels-on-text": Q(1)["low_label"] = "Low"; break;
            case "scale-too-big": Q(4)["scale"] = 11; break;
            case "scale-on-nps": Q(0)["scale"] = 5; break;
            case "placeholder-on-nps": Q(0)["placeholder"] = "Type"; break;
            case "one-option": Q(2)["options"]!.AsArray().RemoveAt(1); Q(2).Remove("next"); break;
            case "no-options": Q(2).Remove("options"); break;
            case "options-on-rating": Q(4)["options"] = Q(3)["options"]!.DeepClone(); break;
            case "duplicate-option": Q(3)["options"]![1]!["id"] = "reports"; break;
            case "empty-option-label": Q(3)["options"]![0]!["label"] = ""; break;
            case "branch-backward": Q(2)["next"]![0]!["go_to"] = "q1"; break;
            case "branch-to-self": Q(0)["next"]![0]!["go_to"] = "q1"; break;
            case "branch-unknown": Q(0)["next"]![1]!["go_to"] = "q9"; break;
            case "branch-score-out-of-range": Q(0)["next"]![0]!["when"] = new JsonObject { ["min"] = 0, ["max"] = 11 }; break;
            case "branch-min-above-max": Q(0)["next"]![0]!["when"] = new JsonObject { ["min"] = 8, ["max"] = 3 }; break;
            case "branch-choice-on-nps": Q(0)["next"]![0]!["when"] = new JsonObject { ["choice"] = "api" }; break;
            case "branch-unknown-choice": Q(2)["next"]![0]!["when"] = new JsonObject { ["choice"] = "cli" }; break;
            case "branch-on-text": Q(1)["next"] = new JsonArray(new JsonObject { ["when"] = new JsonObject { ["min"] = 1 }, ["go_to"] = "end" }); break;
            case "html-thank-you": definition["thank_you"] = "<script>x</script>"; break;
            case "bad-frequency": definition["targeting"]!["frequency"] = new JsonObject { ["type"] = "hourly" }; break;
            case "unknown-field": Q(0)["colour"] = "red"; break;
            default: throw new ArgumentOutOfRangeException(nameof(mutation));
        }
    }
}

public sealed class SqliteSurveyAuthoringTests(SqliteServerFixture fixture) : SurveyAuthoringTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSurveyAuthoringTests(PostgresServerFixture fixture) : SurveyAuthoringTests(fixture.Server), IClassFixture<PostgresServerFixture>;
