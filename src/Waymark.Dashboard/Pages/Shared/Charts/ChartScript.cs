using Microsoft.AspNetCore.Http;

namespace Waymark.Dashboard.Pages.Shared.Charts;

/// <summary>
/// Whether the page drew a chart, so the layout adds the chart script only where it is needed: the layout renders
/// after the page body, so it sees what the page's partials asked for.
/// </summary>
internal static class ChartScript
{
    private static readonly object Key = new();

    public static void Require(HttpContext context) => context.Items[Key] = true;

    public static bool IsRequired(HttpContext context) => context.Items.ContainsKey(Key);
}
