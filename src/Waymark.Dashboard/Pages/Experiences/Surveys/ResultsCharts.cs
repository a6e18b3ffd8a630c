using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Experiences.Surveys;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

/// <summary>
/// The charts of one question's results: for NPS the score over time (a line), promoters, passives and detractors
/// per bucket (stacked bars) and the 0–10 distribution; for ratings and choices the distribution.
/// </summary>
internal static class ResultsCharts
{
    public static IReadOnlyList<ChartModel> For(QuestionResults question, Func<string, string> csvHref)
    {
        var charts = new List<ChartModel>();
        var prefix = ChartPrefix(question.Id);
        if (question.OverTime is { } overTime)
        {
            var dates = overTime.Select(p => p.Date).ToList();
            charts.Add(new ChartModel(prefix + "-score", ChartKind.Line, $"NPS over time: {question.Prompt}", "Date", dates,
                [new ChartSeries("NPS", overTime.Select(p => (double?)p.Score).ToList())]) { CsvHref = csvHref(prefix + "-score") });
            charts.Add(new ChartModel(prefix + "-groups", ChartKind.StackedBar, $"Promoters, passives and detractors over time: {question.Prompt}", "Date", dates,
                [
                    new ChartSeries("Promoters", overTime.Select(p => (double?)p.Promoters).ToList()),
                    new ChartSeries("Passives", overTime.Select(p => (double?)p.Passives).ToList()),
                    new ChartSeries("Detractors", overTime.Select(p => (double?)p.Detractors).ToList()),
                ]) { CsvHref = csvHref(prefix + "-groups") });
        }

        if (question.Distribution is { } distribution)
        {
            charts.Add(new ChartModel(prefix + "-distribution", ChartKind.Bar, $"Answers: {question.Prompt}", question.Type is "nps" or "rating" ? "Score" : "Choice",
                distribution.Select(p => p.Label ?? p.Value).ToList(),
                [new ChartSeries("Answers", distribution.Select(p => (double?)p.Count).ToList())]) { CsvHref = csvHref(prefix + "-distribution") });
        }

        return charts;
    }

    /// <summary>Question ids may hold '_', which chart ids (element ids on the page) do not; '-' is never in a question id, so this stays unique.</summary>
    private static string ChartPrefix(string questionId) => "q-" + questionId.Replace('_', '-');
}
