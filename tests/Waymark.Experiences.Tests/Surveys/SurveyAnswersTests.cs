using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Storage;
using Waymark.TestSupport;
using static Waymark.Experiences.Tests.Surveys.SurveyClient;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary>
/// Open-text answers: sealed in the event row like any personal property, read back only with <c>data:read</c>,
/// PHI text only with <c>phi:read</c>, every read audited without the text, and gone with the person.
/// </summary>
public abstract class SurveyAnswersTests(WaymarkTestServer server)
{
    [Fact]
    public async Task OpenText_IsStoredSealed_NotInPublicData_NorInSurveyAnswers()
    {
        var (api, id, secret) = await SeedAsync();

        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT public_data, sealed_data FROM events WHERE workspace_id = @w AND name = '$survey_answered'";
        command.AddParameter("@w", api.InternalId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var publicData = reader.GetString(0);
            Assert.Contains("$question_id", publicData, StringComparison.Ordinal);
            Assert.DoesNotContain("$answer_text", publicData, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, publicData, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Encoding.UTF8.GetString((byte[])reader.GetValue(1)), StringComparison.Ordinal);
        }

        Assert.Equal(3, rows);
        Assert.Equal(3, await api.CountRowsAsync("survey_answers"));
        Assert.Equal(secret, (string?)(await GetJsonAsync(api.Full, $"/v1/surveys/{id}/answers?question=q2"))["answers"]![1]!["text"]);
    }

    [Fact]
    public async Task Answers_ListTheTextNewestFirst_WithCursorPaging()
    {
        var (api, id, secret) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read");

        var first = await GetJsonAsync(reader, $"/v1/surveys/{id}/answers?question=q2&limit=1");
        var answer = Assert.Single(first["answers"]!.AsArray())!;
        Assert.Equal("bob", (string?)answer["user_id"]);
        Assert.Equal("=1+1, \"quoted\"", (string?)answer["text"]);
        Assert.Equal("2026-11-05T12:00:00Z", (string?)answer["answered_at"]);

        var second = await GetJsonAsync(reader, $"/v1/surveys/{id}/answers?question=q2&limit=1&before={Uri.EscapeDataString((string)first["next"]!)}");
        Assert.Equal("ada", (string?)second["answers"]![0]!["user_id"]);
        Assert.Equal(secret, (string?)second["answers"]![0]!["text"]);
        Assert.Null(second["next"]);
    }

    [Fact]
    public async Task Answers_NeedDataRead_AndATextQuestion()
    {
        var (api, id, _) = await SeedAsync();
        using var analyst = await api.KeyClientAsync("analytics:read");

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/v1/surveys/{id}/answers?question=q2")).StatusCode);
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/answers?question=q1"), HttpStatusCode.BadRequest, "invalid-question");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/answers?question=q2&limit=201"), HttpStatusCode.BadRequest, "invalid-limit");
        await ApiAnswers.AssertProblemAsync(await api.Full.GetAsync($"/v1/surveys/{id}/answers?question=q2&before=%%%"), HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Fact]
    public async Task Answers_AreAuditedAsPersonalDataReads_WithoutTheText()
    {
        var (api, id, secret) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read");

        await GetJsonAsync(reader, $"/v1/surveys/{id}/answers?question=q2");

        var read = Assert.Single(await api.AuditAsync("data.read"));
        Assert.Equal("survey", (string?)read["target"]!["type"]);
        Assert.Equal(id, (string?)read["target"]!["id"]);
        Assert.Equal("q2", (string?)read["details"]!["question"]);
        Assert.Equal("2", (string?)read["details"]!["results"]);
        Assert.DoesNotContain(secret, read.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await api.AuditAsync("data.phi-read"));
        Assert.DoesNotContain(secret, server.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhiText_IsRedactedWithoutPhiRead_AndItsDisclosureIsAudited()
    {
        var (api, id, secret) = await SeedAsync(phi: true);
        using var reader = await api.KeyClientAsync("data:read");
        using var clinician = await api.KeyClientAsync("data:read", "phi:read");

        var redacted = await GetJsonAsync(reader, $"/v1/surveys/{id}/answers?question=q2");
        Assert.All(redacted["answers"]!.AsArray(), a =>
        {
            Assert.True(a!.AsObject().ContainsKey("text"));
            Assert.Null(a["text"]);
            Assert.Equal("phi", (string?)a["redacted"]);
        });
        Assert.DoesNotContain(secret, redacted.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await api.AuditAsync("data.phi-read"));

        var disclosed = await GetJsonAsync(clinician, $"/v1/surveys/{id}/answers?question=q2");
        Assert.Contains(disclosed["answers"]!.AsArray(), a => (string?)a!["text"] == secret);
        var phiRead = Assert.Single(await api.AuditAsync("data.phi-read"));
        Assert.Equal("$answer_text", (string?)phiRead["details"]!["keys"]);
        Assert.DoesNotContain(secret, phiRead.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAUser_RemovesTheirTextFromTheListing()
    {
        var (api, id, secret) = await SeedAsync();

        await DeleteUserAsync(api, "ada");

        var listing = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/answers?question=q2");
        Assert.Equal(["bob"], listing["answers"]!.AsArray().Select(a => (string)a!["user_id"]!));
        Assert.DoesNotContain(secret, listing.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_AsCsv_AreOneRowPerAnswer_WithFormulasDefused()
    {
        var (api, id, secret) = await SeedAsync();

        var response = await api.Full.GetAsync($"/v1/surveys/{id}/answers?question=q2&format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["answered_at,user_id,text", "2026-11-05T12:00:00Z,bob,\"'=1+1, \"\"quoted\"\"\"", $"2026-11-03T12:00:00Z,ada,{secret}"], lines);
    }

    [Fact]
    public async Task Answers_PagedThroughUsersAnsweringAtTheSameMoment_ListEachAnswerOnceNewestFirst_WithItsOwnText()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await LiveAsync(api);
        // Users answer in pairs at the same millisecond, each scoring q1 at that moment too, so the rows of one page
        // share times and subjects: each answer must still get its own event's text.
        var users = Enumerable.Range(0, 7).Select(i => $"user-{i}").ToArray();
        await SendAsync(api, [.. users.SelectMany((u, i) => new[] { Answer(u, id, "q2", "text", $"text of {u}", Day(11, 1 + (i / 2))), Answer(u, id, "q1", "nps", i, Day(11, 1 + (i / 2))) })]);

        var listed = new List<JsonNode>();
        var pages = 0;
        string? next = null;
        do
        {
            var page = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/answers?question=q2&limit=3" + (next is null ? "" : $"&before={Uri.EscapeDataString(next)}"));
            listed.AddRange(page["answers"]!.AsArray().Select(a => a!));
            next = (string?)page["next"];
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(users, listed.Select(a => (string)a["user_id"]!).Order(StringComparer.Ordinal));
        Assert.All(listed, a => Assert.Equal($"text of {(string)a["user_id"]!}", (string?)a["text"]));
        var times = listed.Select(a => (string)a["answered_at"]!).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task AnswerText_LongerThan2000Characters_RefusesTheWholeBatch_NamingTheLimit()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await LiveAsync(api);
        var tooLong = "LONG" + new string('x', 1997);

        var response = await api.Write.PostAsync("/v1/batch", Json(new { batch = new[] { Answer("ada", id, "q1", "nps", 9, Day(11, 3)), Answer("ada", id, "q2", "text", tooLong, Day(11, 3)) } }));

        var problem = await ApiAnswers.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-events");
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(1, (int)error["index"]!);
        Assert.Equal(
            "'properties.$answer_text' is longer than 2000 characters, the most a survey's text answer holds. Shorten it to 2000 characters, as the SDK does.",
            (string?)error["reason"]);
        Assert.DoesNotContain("LONG", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await api.CountRowsAsync("events"));
        Assert.Equal(0, await api.CountRowsAsync("survey_answers"));
    }

    [Fact]
    public async Task AnswerText_Of2000Characters_IsStoredAndListedWhole()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await LiveAsync(api);
        var longest = "LONG" + new string('x', 1996);

        await SendAsync(api, Answer("ada", id, "q2", "text", longest, Day(11, 3)));

        var listing = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/answers?question=q2");
        Assert.Equal(longest, (string?)Assert.Single(listing["answers"]!.AsArray())!["text"]);
    }

    private async Task<(WorkspaceClient Api, string Id, string Secret)> SeedAsync(bool phi = false)
    {
        var api = await WorkspaceClient.CreateAsync(server);
        if (phi)
        {
            await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["$answer_text"] = "phi" } });
        }

        var id = await LiveAsync(api);
        var secret = "TEXT" + Guid.NewGuid().ToString("N");
        await SendAsync(
            api,
            Answer("ada", id, "q2", "text", secret, Day(11, 3)),
            Answer("bob", id, "q2", "text", "=1+1, \"quoted\"", Day(11, 5)),
            Answer("bob", id, "q1", "nps", 2, Day(11, 5)));
        return (api, id, secret);
    }
}

public sealed class SqliteSurveyAnswersTests(SqliteServerFixture fixture) : SurveyAnswersTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSurveyAnswersTests(PostgresServerFixture fixture) : SurveyAnswersTests(fixture.Server), IClassFixture<PostgresServerFixture>;
