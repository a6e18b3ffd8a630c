using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Experiences.Progress;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>Users reaching each step of a flow (a funnel) or done with each task of a checklist, as a bar chart.</summary>
internal static class ProgressChart
{
    public static ChartModel From(ProgressSummary summary, string name, string csvHref)
    {
        var rows = summary.Steps is { } steps
            ? steps.Select(s => (Label: $"{s.Index + 1}. {s.Title}", Users: s.UsersReached)).ToList()
            : (summary.Tasks ?? []).Select((t, i) => (Label: $"{i + 1}. {t.Title}", Users: t.UsersDone)).ToList();
        var isFlow = summary.Steps is not null;
        return new ChartModel(
            "progress",
            ChartKind.Bar,
            $"{(isFlow ? "Users reaching each step" : "Users done with each task")} of {name}",
            isFlow ? "Step" : "Task",
            rows.Select(r => r.Label).ToList(),
            [new ChartSeries("Users", rows.Select(r => (double?)r.Users).ToList())])
        {
            CsvHref = csvHref,
        };
    }
}
