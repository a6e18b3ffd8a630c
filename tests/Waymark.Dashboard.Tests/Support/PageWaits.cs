using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Support;

/// <summary>
/// Reloads a dashboard page until it shows what a test sent: a batch is written a moment after it was accepted, so
/// the first read may still miss it.
/// </summary>
internal static class PageWaits
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Until the page's HTML holds <paramref name="expected"/>.</summary>
    public static Task<DashboardPage> UntilShowsAsync(DashboardClient client, string path, string expected) =>
        UntilAsync(client, path, page => page.Html.Contains(expected, StringComparison.Ordinal), page => $"{path} never showed {expected}:\n{page.Html}");

    /// <summary>Until the element with id <paramref name="id"/> reads <paramref name="expected"/>.</summary>
    public static Task<DashboardPage> UntilValueAsync(DashboardClient client, string path, string id, string expected) =>
        UntilAsync(client, path, page => ValueOf(page, id) == expected, page => $"{path}: #{id} reads '{ValueOf(page, id)}', not '{expected}'.");

    /// <summary>The text of the element with id <paramref name="id"/>, HTML-decoded.</summary>
    public static string ValueOf(DashboardPage page, string id) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"""id="{Regex.Escape(id)}">(?<value>[^<]*)<""").Groups["value"].Value);

    private static async Task<DashboardPage> UntilAsync(DashboardClient client, string path, Func<DashboardPage, bool> shows, Func<DashboardPage, string> failure)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            if (shows(page))
            {
                return page;
            }

            Assert.True(waited.Elapsed < Patience, failure(page));
            await Task.Delay(200);
        }
    }
}
