using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;

namespace Waymark.Dashboard.Tests.Surveys;

/// <summary>The fields the survey editor posts, answers as the SDK sends them, and reading the results page.</summary>
internal static partial class SurveyForms
{
    /// <summary>An NPS question that sends detractors (0–6) to a text follow-up and everyone else to the end.</summary>
    public static List<KeyValuePair<string, string>> NpsWithFollowUp(string name, string firstGoTo = "q2")
    {
        List<KeyValuePair<string, string>> fields =
        [
            Field("Form.Name", name), Field("Form.ThankYou", "Thanks for your answer!"),
            Field("Form.Questions[0].Id", "q1"), Field("Form.Questions[0].Type", "nps"), Field("Form.Questions[0].Prompt", "How likely are you to recommend Acme?"),
            Field("Form.Questions[0].LowLabel", "Not likely"), Field("Form.Questions[0].HighLabel", "Very likely"),
            Field("Form.Questions[0].Branches[0].Min", "0"), Field("Form.Questions[0].Branches[0].Max", "6"), Field("Form.Questions[0].Branches[0].GoTo", firstGoTo),
            Field("Form.Questions[0].Branches[1].Min", "7"), Field("Form.Questions[0].Branches[1].Max", "10"), Field("Form.Questions[0].Branches[1].GoTo", "end"),
            Field("Form.Questions[1].Id", "q2"), Field("Form.Questions[1].Type", "text"), Field("Form.Questions[1].Prompt", "What should we improve?"),
            Field("Form.Questions[1].Placeholder", "Tell us"),
        ];
        fields.AddRange(Targeting());
        return fields;
    }

    /// <summary>Saves through the editor and answers the new survey's id, read from the redirect to its editor.</summary>
    public static async Task<string> SaveSurveyAsync(DashboardClient client, string editor, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var saved = await PressAsync(client, editor, fields, "save");
        Assert.True(saved.Status == HttpStatusCode.Redirect, saved.Html);
        return SavedId().Match(saved.Location!).Groups["id"].Value;
    }

    /// <summary>Sends <c>$survey_answered</c> events through <c>/v1/batch</c> with the write key, as the SDK does.</summary>
    public static async Task AnswerAsync(DashboardServer server, string writeKey, string surveyId, params (string User, string Question, string Type, JsonNode Answer)[] answers)
    {
        var batch = new JsonArray();
        foreach (var (user, question, type, answer) in answers)
        {
            var properties = new JsonObject { ["$content_id"] = surveyId, ["$content_version"] = 1, ["$question_id"] = question, ["$question_type"] = type };
            properties[type == "text" ? "$answer_text" : "$score"] = answer;
            batch.Add(new JsonObject { ["type"] = "track", ["userId"] = user, ["event"] = "$survey_answered", ["properties"] = properties, ["messageId"] = Guid.NewGuid().ToString() });
        }

        using var write = PeopleData.WriteClient(server, writeKey);
        await PeopleData.SendAsync(write, "batch", new JsonObject { ["batch"] = batch });
    }

    public static Task<DashboardPage> WaitForAsync(DashboardClient client, string path, string id, string expected) => PageWaits.UntilValueAsync(client, path, id, expected);

    public static string Value(DashboardPage page, string id) => PageWaits.ValueOf(page, id);

    /// <summary>The data island of chart <paramref name="chartId"/>.</summary>
    public static JsonNode Island(DashboardPage page, string chartId) =>
        JsonNode.Parse(WebUtility.HtmlDecode(Regex.Match(page.Html, $"""<script type="application/json" id="{chartId}-data">(?<json>.*?)</script>""", RegexOptions.Singleline).Groups["json"].Value))!;

    /// <summary>The "Download CSV" link of chart <paramref name="chartId"/>.</summary>
    public static string CsvLink(DashboardPage page, string chartId) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"""<a href="(?<href>[^"]*chart={chartId})" download>""").Groups["href"].Value);

    [GeneratedRegex(@"/surveys/edit/(?<id>srv_[0-9a-f]+)$")]
    private static partial Regex SavedId();
}
