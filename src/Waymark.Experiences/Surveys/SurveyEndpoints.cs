using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Ingest.Reading;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// <c>/v1/surveys/{id}/results</c> (counts, <c>analytics:read</c>) and <c>/v1/surveys/{id}/answers</c> (open text, a
/// read of personal data: <c>data:read</c>, audited, PHI only with <c>phi:read</c>). Authoring is in
/// <see cref="ContentEndpoints"/>, shared with flows and checklists.
/// </summary>
internal static class SurveyEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;
    private const string TextCsv = "text/csv; charset=utf-8";

    public static IEndpointRouteBuilder MapSurveyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/surveys").WithTags("Experiences");
        group.MapGet("/{id}/results", ResultsAsync).RequirePermission(Permissions.AnalyticsRead)
            .WithSummary("NPS, rating and choice results of a survey over a date range, by interval, optionally for one segment; format=csv for CSV");
        group.MapGet("/{id}/answers", AnswersAsync).RequirePermission(Permissions.DataRead)
            .WithSummary("The free-text answers to one text question, newest first; audited; PHI text only with phi:read; format=csv for CSV");
        return routes;
    }

    private static async Task<Results<Ok<SurveyResults>, ContentHttpResult, ProblemHttpResult>> ResultsAsync(
        string id, string? from, string? to, string? interval, string? segment, string? format, HttpContext context, SurveyResultsReport report, TimeProvider clock)
    {
        if (CheckFormat(format) is { } badFormat)
        {
            return badFormat;
        }

        if (ContentKinds.OfId(id) != ContentKind.Survey)
        {
            return Problems.NotFound("Survey");
        }

        var range = ResultsRange.Parse(from, to, interval, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "week");
        if (range.Refusal is { } badRange)
        {
            return badRange.ToProblem();
        }

        var outcome = await report.ForAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, range.Value!, segment, context.RequestAborted);
        if (outcome.Value is not { } results)
        {
            return outcome.Refusal!.ToProblem();
        }

        return format == "csv" ? TypedResults.Text(ResultsCsv(results), TextCsv) : TypedResults.Ok(results);
    }

    private static async Task<Results<Ok<SurveyAnswerPage>, ContentHttpResult, ProblemHttpResult>> AnswersAsync(
        string id, string? question, int? limit, string? before, string? format, HttpContext context, ContentStore store, OpenAnswersReader reader)
    {
        if (CheckFormat(format) is { } badFormat)
        {
            return badFormat;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-limit", "Invalid limit", $"limit is a number from 1 to {MaxLimit} (default {DefaultLimit}).");
        }

        if (!AnswerCursor.TryDecode(before, out var cursor))
        {
            return Problems.BadRequest("invalid-cursor", "Invalid cursor", "Pass back the 'next' of the previous page unchanged as before, or leave before out for the newest answers.");
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var detail = ContentKinds.OfId(id) == ContentKind.Survey ? await store.GetAsync(workspaceId, id, null, context.RequestAborted) : null;
        if (detail is null)
        {
            return Problems.NotFound("Survey");
        }

        var survey = detail.Definition.Deserialize<SurveyDefinition>(DefinitionReader.Json)!;
        if (question is null || survey.Questions.FirstOrDefault(q => q.Id == question) is not { Type: SurveyQuestion.Text })
        {
            return Problems.BadRequest("invalid-question", "Name a text question", "Send question=ID, the id of one of this survey's text questions; scores and choices are in /results.");
        }

        var includePhi = SubjectReadAudit.IncludesPhi(context);
        var page = await reader.ReadAuditedAsync(context, workspaceId, id, question, limit ?? DefaultLimit, cursor, includePhi);

        if (format != "csv")
        {
            return TypedResults.Ok(page);
        }

        var csv = new CsvText("answered_at", "user_id", "text");
        foreach (var answer in page.Answers)
        {
            csv.Row(answer.AnsweredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture), answer.UserId, answer.Text);
        }

        if (page.Next is not null)
        {
            context.Response.Headers["X-Next-Cursor"] = page.Next;
        }

        return TypedResults.Text(csv.ToString(), TextCsv);
    }

    /// <summary>Distribution rows carry no date; NPS over-time rows carry value <c>nps</c> and the bucket's score as count.</summary>
    private static string ResultsCsv(SurveyResults results)
    {
        var csv = new CsvText("question_id", "type", "date", "value", "count");
        foreach (var question in results.Questions)
        {
            if (question.Distribution is null)
            {
                csv.Row(question.Id, question.Type, "", "answers", Number(question.Answers));
                continue;
            }

            foreach (var point in question.Distribution)
            {
                csv.Row(question.Id, question.Type, "", point.Value, Number(point.Count));
            }

            foreach (var point in question.OverTime ?? [])
            {
                csv.Row(question.Id, question.Type, point.Date, "nps", point.Score is { } score ? Number(score) : "");
            }
        }

        return csv.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ProblemHttpResult? CheckFormat(string? format) =>
        format is null or "json" or "csv" ? null : Problems.BadRequest("invalid-format", "Unknown format", "format is json (the default) or csv.");
}
