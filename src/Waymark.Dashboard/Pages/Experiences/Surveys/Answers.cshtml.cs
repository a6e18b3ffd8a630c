using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

/// <summary>
/// The free-text answers to a survey's text question, newest first, a page at a time, and that page as CSV. It reads
/// through the reader behind <c>/v1/surveys/{id}/answers</c>, which audits each read as it does for that endpoint
/// (never the text, never a user id); PHI text stays masked without <c>phi:read</c>.
/// </summary>
[RequirePermission(Permissions.DataRead)]
public sealed class AnswersModel : WorkspacePageModel
{
    public const int PageSize = 50;

    [FromRoute]
    public string Id { get; set; } = "";

    [FromQuery(Name = "question")]
    public string? Question { get; set; }

    [FromQuery(Name = "before")]
    public string? Before { get; set; }

    public string Name { get; private set; } = "";

    internal IReadOnlyList<SurveyQuestion> TextQuestions { get; private set; } = [];

    internal SurveyQuestion? Shown { get; private set; }

    internal SurveyAnswerPage? Answers { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (ContentKinds.OfId(Id) != ContentKind.Survey || await Service<ContentStore>().GetAsync(WorkspaceId, Id, null, HttpContext.RequestAborted) is not { } detail)
        {
            return NotFound();
        }

        Name = detail.Content.Name;
        TextQuestions = detail.Definition.Deserialize<SurveyDefinition>(DefinitionReader.Json)!.Questions.Where(q => q.Type == SurveyQuestion.Text).ToList();
        Shown = TextQuestions.FirstOrDefault(q => q.Id == Question) ?? (Question is null && TextQuestions.Count > 0 ? TextQuestions[0] : null);
        if (Shown is null)
        {
            if (Question is not null)
            {
                ModelState.AddModelError("question", "This survey has no text question with that id: pick one of its text questions.");
            }

            return Page();
        }

        if (!AnswerCursor.TryDecode(Before, out var cursor))
        {
            ModelState.AddModelError("", "That page of answers cannot be found: start again from the newest.");
            return Page();
        }

        var includePhi = User.Has(Permissions.PhiRead);
        var page = await Service<OpenAnswersReader>().ReadAuditedAsync(HttpContext, WorkspaceId, Id, Shown.Id, PageSize, cursor, includePhi);
        Answers = page;
        return CsvFile.IsRequested(Request) ? Csv(page) : Page();
    }

    public string PageHref(string? before, bool csv = false) =>
        $"/w/{Ws}/experiences/surveys/{Id}/answers" + QueryString.Create(
            new KeyValuePair<string, string?>[] { new("question", Shown?.Id), new("before", before), new("format", csv ? CsvFile.Format : null) }.Where(p => p.Value is not null));

    public static string Time(DateTime answeredAt) => answeredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private FileContentResult Csv(SurveyAnswerPage page)
    {
        var csv = new CsvFile().Row("answered_at", "user_id", "text");
        foreach (var answer in page.Answers)
        {
            csv.Row(Time(answer.AnsweredAt), answer.UserId, answer.Redacted is null ? answer.Text : "redacted (PHI)");
        }

        if (page.Next is not null)
        {
            Response.Headers["X-Next-Cursor"] = page.Next;
        }

        return csv.ToResult($"{Id}-{Shown!.Id}-answers.csv");
    }
}
