using System.Net;
using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary>Surveys as a product manager defines them, and answers as the SDK sends them through <c>/v1/batch</c>.</summary>
internal static class SurveyClient
{
    public static JsonObject Definition(string name = "NPS Q4", string? segmentId = null, object? trigger = null, object? frequency = null, int priority = 0) =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            name,
            questions = new object[]
            {
                new
                {
                    id = "q1", type = "nps", prompt = "How likely are you to recommend Acme to a friend?", low_label = "Not likely", high_label = "Very likely",
                    next = new object[] { new { when = new { min = 0, max = 6 }, go_to = "q2" }, new { when = new { min = 7, max = 10 }, go_to = "q3" } },
                },
                new { id = "q2", type = "text", prompt = "What should we improve?", placeholder = "Tell us" },
                new
                {
                    id = "q3", type = "single_choice", prompt = "What do you use most?",
                    options = new object[] { new { id = "reports", label = "Reports" }, new { id = "api", label = "API" } },
                    next = new object[] { new { when = new { choice = "api" }, go_to = "end" } },
                },
                new { id = "q4", type = "multiple_choice", prompt = "What else?", options = new object[] { new { id = "reports", label = "Reports" }, new { id = "api", label = "API" } } },
                new { id = "q5", type = "rating", prompt = "How satisfied are you?", scale = 5 },
            },
            thank_you = "Thanks for your answer!",
            targeting = new
            {
                segment_id = segmentId,
                pages = Array.Empty<object>(),
                trigger = trigger ?? new { type = "page_load" },
                frequency = frequency ?? new { type = "once" },
                priority,
            },
        }))!.AsObject();

    public static async Task<string> CreateAsync(WorkspaceClient api, JsonObject? definition = null)
    {
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/surveys", Json(definition ?? Definition())), HttpStatusCode.Created);
        return (string)created["content"]!["id"]!;
    }

    public static async Task<string> LiveAsync(WorkspaceClient api, JsonObject? definition = null)
    {
        var id = await CreateAsync(api, definition);
        Assert.Equal(HttpStatusCode.OK, (await api.Full.PostAsync($"/v1/surveys/{id}/publish", Json(new { environment = "production" }))).StatusCode);
        return id;
    }

    /// <summary>One <c>$survey_answered</c> event; <paramref name="answer"/> is a score, an array of option ids or a text.</summary>
    public static Dictionary<string, object?> Answer(string userId, string surveyId, string questionId, string type, object answer, DateTimeOffset at)
    {
        var properties = new Dictionary<string, object?>
        {
            ["$content_id"] = surveyId,
            ["$content_version"] = 1,
            ["$question_id"] = questionId,
            ["$question_type"] = type,
        };
        properties[answer switch { int => "$score", string[] => "$choices", _ => "$answer_text" }] = answer;
        return new Dictionary<string, object?>
        {
            ["type"] = "track",
            ["userId"] = userId,
            ["event"] = "$survey_answered",
            ["messageId"] = Guid.NewGuid().ToString(),
            ["timestamp"] = at.ToString("O"),
            ["properties"] = properties,
        };
    }

    public static Task SendAsync(WorkspaceClient api, params Dictionary<string, object?>[] events) => api.SendAsync("/v1/batch", new { batch = events });

    public static Task TrackAsync(WorkspaceClient api, string userId, string surveyId, string name) =>
        api.SendAsync("/v1/track", new Dictionary<string, object> { ["userId"] = userId, ["event"] = name, ["properties"] = new Dictionary<string, object> { ["$content_id"] = surveyId, ["$content_version"] = 1 } });

    public static DateTimeOffset Day(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    public static async Task DeleteUserAsync(WorkspaceClient api, string userId)
    {
        var deletion = await ApiAnswers.ReadJsonAsync(await api.Full.DeleteAsync($"/v1/users/{userId}"), HttpStatusCode.Accepted);
        for (var i = 0; i < 200; i++)
        {
            var job = await GetJsonAsync(api.Full, $"/v1/background_jobs/{(string)deletion["job_id"]!}");
            if ((string?)job["status"] is "completed" or "failed")
            {
                Assert.Equal("completed", (string?)job["status"]);
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The deletion job did not finish.");
    }

    internal static Task<string> CreateSegmentAsync(WorkspaceClient api, string plan) =>
        Delivery.ContentApiTests.CreateSegmentAsync(api, new { match = "all", rules = new object[] { new { type = "user_trait", key = "plan", op = "equals", value = plan } } });
}
