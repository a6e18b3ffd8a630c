using System.Net;
using Waymark.Dashboard.Tests.Support;
using static Waymark.Dashboard.Tests.Analytics.AnalyticsEvents;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>
/// The funnel, retention and experience results pages over events sent with the write key at chosen times, on SQLite
/// and PostgreSQL; each CSV is the analytics API's for the same query.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AnalyticsPagesTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static TheoryData<string> Providers => AnalyticsServers.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funnel_ShowsUsersPerStepWithConversionAndDropOff_AndTheApisCsv(string provider)
    {
        var fixture = await servers.WorkspaceAsync(provider);
        var (a, b, c) = (Unique("Opened"), Unique("Searched"), Unique("Bought"));
        await SendAsync(
            fixture,
            Track("ada", a, "2026-11-20T10:00:00Z"), Track("ada", b, "2026-11-20T10:05:00Z"), Track("ada", c, "2026-11-21T09:00:00Z"),
            Track("grace", a, "2026-11-20T12:00:00Z"), Track("grace", b, "2026-11-20T12:01:00Z"),
            Track("linus", a, "2026-11-21T08:00:00Z"), Track("linus", c, "2026-11-21T08:30:00Z"));
        using var client = await fixture.OwnerAsync();
        var path = $"/w/{fixture.Ws}/analytics/funnels?step={Uri.EscapeDataString(a)}&step={Uri.EscapeDataString(b)}&step={Uri.EscapeDataString(c)}&window_days=7&from=2026-11-20&to=2026-11-22";

        var page = await WaitForAsync(client, path, $"<th scope=\"row\">3. {c}</th><td>1</td>");

        Assert.Equal([[$"1. {a}", "3"], [$"2. {b}", "2"], [$"3. {c}", "1"]], Rows(page, "funnel"));
        Assert.Contains($"<th scope=\"row\">2. {b}</th><td>2</td><td>66.7%</td><td>66.7%</td><td>1</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">3. {c}</th><td>1</td><td>33.3%</td><td>50%</td><td>1</td>", page.Html, StringComparison.Ordinal);
        Assert.Equal([3.0, 2.0, 1.0], Island(page, "funnel")["series"]![0]!["values"]!.AsArray().Select(v => (double)v!));
        var csv = await CsvAsync(fixture, client, CsvLink(page));
        Assert.Equal($"step,event,users,conversion,from_previous,dropped\r\n1,{a},3,1,1,0\r\n2,{b},2,0.6667,0.6667,1\r\n3,{c},1,0.3333,0.5,1\r\n", csv);
        Assert.Equal(await ApiCsvAsync(fixture, CsvLink(page)), csv);
    }

    [Fact]
    public async Task Funnel_AddAndRemoveStepButtons_ChangeTheStepsWithoutScript()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var client = await fixture.OwnerAsync();
        var funnels = $"/w/{fixture.Ws}/analytics/funnels";

        var added = await client.GetAsync(funnels + "?step=Opened&step=Searched&add=1");
        var removed = await client.GetAsync(funnels + "?step=Opened&step=Searched&step=Bought&remove=1");

        Assert.Contains("id=\"step-2\"", added.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("funnel-data", added.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"step-2\"", removed.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Bought\" selected=\"selected\">", removed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"Searched\" selected=\"selected\">", removed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_WithAWindowOutOfRange_ShowsTheValidatorsMessageAndNoFunnel()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var client = await fixture.OwnerAsync();

        var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/funnels?step=Opened&step=Searched&window_days=0");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Shows("window_days is a whole number from 1 to 90."), page.Html);
        Assert.DoesNotContain("funnel-data", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retention_ByEventCohort_ShowsHeatClassedCellsTheAverageCurve_AndTheApisCsv(string provider)
    {
        var fixture = await servers.WorkspaceAsync(provider);
        // Users of their own: "any event" retention would count the other tests' events of the same days.
        var (joined, returning, leaving) = (Unique("Joined"), Unique("returning"), Unique("leaving"));
        await SendAsync(
            fixture,
            Track(returning, joined, "2026-11-20T10:00:00Z"), Track(returning, Unique("Came back"), "2026-11-21T10:00:00Z"),
            Track(leaving, joined, "2026-11-20T11:00:00Z"));
        using var client = await fixture.OwnerAsync();
        var path = $"/w/{fixture.Ws}/analytics/retention?cohort=event&cohort_event={Uri.EscapeDataString(joined)}&interval=day&periods=2&from=2026-11-20&to=2026-11-20";

        var page = await WaitForAsync(client, path, "<td class=\"heat heat-5\">50% <span class=\"muted\">(1)</span></td>");

        Assert.Contains("<th scope=\"row\">2026-11-20</th>\n                            <td>2</td>", page.Html.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<td class=\"heat heat-9\">100% <span class=\"muted\">(2)</span></td>", page.Html, StringComparison.Ordinal);
        var curve = Island(page, "retention");
        Assert.Equal("percent", (string)curve["format"]!);
        Assert.Equal([1.0, 0.5], curve["series"]![0]!["values"]!.AsArray().Take(2).Select(v => (double)v!));
        var csv = await CsvAsync(fixture, client, CsvLink(page));
        Assert.StartsWith("cohort_start,size,period,retained,rate\r\n2026-11-20,2,0,2,1\r\n2026-11-20,2,1,1,0.5\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(await ApiCsvAsync(fixture, CsvLink(page)), csv);
    }

    [Fact]
    public async Task Retention_WithACohortEventButFirstSeen_ShowsTheValidatorsMessage()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var client = await fixture.OwnerAsync();

        var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/retention?cohort=first_seen&cohort_event=Joined");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Shows("cohort_event applies to cohort=event only"), page.Html);
        Assert.DoesNotContain("retention-data", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExperienceResults_CountsAFlowsViewsAndCompletions_LinksToItsProgress_AndTheApisCsv(string provider)
    {
        var fixture = await servers.WorkspaceAsync(provider);
        using var client = await fixture.OwnerAsync();
        var id = await SaveAsync(client, $"/w/{fixture.Ws}/experiences/flows/edit", WelcomeTour("Measured tour", 1));
        await PublishAsync(client, fixture.Ws, id, "production");
        var progress = new System.Text.Json.Nodes.JsonObject { ["$content_id"] = id, ["$content_version"] = 1 };
        await SendAsync(
            fixture,
            Track("ada", "$flow_started", "2026-11-20T10:00:00Z", progress.DeepClone().AsObject()),
            Track("ada", "$flow_completed", "2026-11-20T10:01:00Z", progress.DeepClone().AsObject()),
            Track("grace", "$flow_started", "2026-11-21T10:00:00Z", progress.DeepClone().AsObject()));
        var path = $"/w/{fixture.Ws}/analytics/experiences?from=2026-11-20&to=2026-11-22";

        var page = await WaitForAsync(client, path, "Measured tour</a></th><td>flow</td><td>2</td>");

        Assert.Contains($"<a href=\"/w/{fixture.Ws}/experiences/{id}/progress\">Measured tour</a></th><td>flow</td><td>2</td><td>1</td><td>0</td><td>50%</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains(["Measured tour", "2", "1", "0"], Rows(page, "experiences"));
        var csv = await CsvAsync(fixture, client, CsvLink(page));
        Assert.StartsWith("content_id,kind,name,views,completions,dismissals,completion_rate\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($"{id},flow,Measured tour,2,1,0,0.5\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(await ApiCsvAsync(fixture, CsvLink(page)), csv);
    }

    [Fact]
    public async Task AnalyticsPages_ForAViewerWithoutAnalyticsRead_AreForbidden()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var viewer = await fixture.NewViewerAsync();

        foreach (var page in new[] { "funnels?step=A&step=B", "retention", "experiences", "experiences?format=csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/w/{fixture.Ws}/analytics/{page}")).Status);
        }
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";
}
