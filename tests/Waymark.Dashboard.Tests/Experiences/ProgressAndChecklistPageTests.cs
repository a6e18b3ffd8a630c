using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>The progress page over events the SDK would send, and checklists authored, published and counted.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class ProgressAndChecklistPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    [Fact]
    public async Task ProgressPage_CountsUsersFromProgressEventsSentWithTheWriteKey()
    {
        using var client = await SignedInAsync();
        var id = await SaveAsync(client, $"/w/{fixture.Ws}/experiences/flows/edit", WelcomeTour("Counted tour", 3));
        await PublishAsync(client, fixture.Ws, id, "production");
        using var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey);
        var batch = new JsonArray();
        void Track(string user, string name, int? step)
        {
            var properties = new JsonObject { ["$content_id"] = id, ["$content_version"] = 1 };
            if (step is { } s)
            {
                properties["$step"] = s;
            }

            batch.Add(new JsonObject { ["type"] = "track", ["userId"] = user, ["event"] = name, ["properties"] = properties, ["messageId"] = Guid.NewGuid().ToString() });
        }

        Track("ada", "$flow_started", null);
        foreach (var step in new[] { 0, 1, 2 })
        {
            Track("ada", "$flow_step_viewed", step);
        }

        Track("ada", "$flow_completed", 2);
        Track("grace", "$flow_started", null);
        Track("grace", "$flow_step_viewed", 0);
        await PeopleData.SendAsync(write, "batch", new JsonObject { ["batch"] = batch });

        var progress = await PageWaits.UntilValueAsync(client, $"/w/{fixture.Ws}/experiences/{id}/progress", "users-shown", "2");

        Assert.Equal("1", PageWaits.ValueOf(progress, "users-completed"));
        Assert.Equal("0", PageWaits.ValueOf(progress, "users-dismissed"));
        Assert.Equal("50%", PageWaits.ValueOf(progress, "completion-rate"));
        Assert.Equal(["2", "1", "1"], Counts(progress));
        Assert.Contains("<th scope=\"row\">1. Welcome</th>", progress.Html, StringComparison.Ordinal);

        // The chart's data, for the chart script; not a script the CSP would have to refuse.
        var island = JsonNode.Parse(WebUtility.HtmlDecode(Island().Match(progress.Html).Groups["json"].Value))!;
        Assert.Equal("bar", (string)island["kind"]!);
        Assert.Equal(["1. Welcome", "2. Create a project", "3. New: reports"], island["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal([2.0, 1.0, 1.0], island["series"]![0]!["values"]!.AsArray().Select(v => (double)v!));
        Assert.Matches("""<canvas id="progress-canvas" data-chart="progress-data" role="img" aria-label="Bar chart of Users reaching each step of Counted tour[^"]*" hidden>""", progress.Html);
        Assert.Contains("<script src=\"/assets/charts.js\" defer></script>", progress.Html, StringComparison.Ordinal);

        // The same numbers as CSV, from the page's own link.
        var link = WebUtility.HtmlDecode(CsvLink().Match(progress.Html).Groups["href"].Value);
        Assert.Equal($"/w/{fixture.Ws}/experiences/{id}/progress?format=csv", link);
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var csv = await http.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}-progress.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("Step,Users\r\n1. Welcome,2\r\n2. Create a project,1\r\n3. New: reports,1\r\n", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProgressCsv_ForAViewerWithoutAnalyticsRead_IsRefused()
    {
        using var owner = await SignedInAsync();
        var id = await SaveAsync(owner, $"/w/{fixture.Ws}/experiences/flows/edit", WelcomeTour("Hidden numbers", 1));
        using var viewer = await fixture.NewViewerAsync();

        var csv = await viewer.GetAsync($"/w/{fixture.Ws}/experiences/{id}/progress?format=csv");

        Assert.Equal(HttpStatusCode.Forbidden, csv.Status);
        Assert.DoesNotContain("Step,Users", csv.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checklist_IsCreatedWithTwoTasksPublishedAndShowsItsProgress()
    {
        using var client = await SignedInAsync();
        var editor = $"/w/{fixture.Ws}/experiences/checklists/edit";
        var fields = new List<KeyValuePair<string, string>>
        {
            Field("Form.Name", "Getting started"), Field("Form.Title", "Get started with Acme"),
            Field("Form.Tasks[0].Title", "Create a project"), Field("Form.Tasks[0].CompletesOn", "event"), Field("Form.Tasks[0].CompletesOnEvent", "Created project"),
            Field("Form.Tasks[0].ActionType", "url"), Field("Form.Tasks[0].ActionUrl", "https://app.example.com/projects/new"),
            Field("Form.Targeting.Priority", "0"),
        };

        var added = await PressAsync(client, editor, fields, "add-task");
        Assert.True(added.Shows("Task 2"));
        fields.AddRange([Field("Form.Tasks[1].Title", "Invite a teammate"), Field("Form.Tasks[1].CompletesOn", "event"), Field("Form.Tasks[1].CompletesOnEvent", "Invited teammate")]);
        var id = await SaveAsync(client, editor, fields);
        await PublishAsync(client, fixture.Ws, id, "production");

        Assert.Contains("state-live", Row(await client.GetAsync($"/w/{fixture.Ws}/experiences/checklists"), id), StringComparison.Ordinal);
        using var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey);
        await PeopleData.SendAsync(write, "batch", new JsonObject
        {
            ["batch"] = new JsonArray(
                new JsonObject { ["type"] = "track", ["userId"] = "linus", ["event"] = "$checklist_shown", ["properties"] = new JsonObject { ["$content_id"] = id, ["$content_version"] = 1 } },
                new JsonObject { ["type"] = "track", ["userId"] = "linus", ["event"] = "Created project" }),
        });
        var progress = await PageWaits.UntilValueAsync(client, $"/w/{fixture.Ws}/experiences/{id}/progress", "users-shown", "1");
        Assert.Equal(["1", "0"], Counts(progress));
        Assert.True(progress.Shows("Users done with each task"));
    }

    [Fact]
    public async Task ChecklistSave_WithATaskWithoutTitle_IsRefusedAndNothingIsSaved()
    {
        using var client = await SignedInAsync();
        var editor = $"/w/{fixture.Ws}/experiences/checklists/edit";

        var refused = await PressAsync(client, editor, [Field("Form.Name", "Untitled tasks"), Field("Form.Tasks[0].CompletesOn", "event"), Field("Form.Tasks[0].CompletesOnEvent", "Signed up")], "save");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("tasks[0].title is required"), refused.Html);
        Assert.False((await client.GetAsync($"/w/{fixture.Ws}/experiences/checklists")).Shows("Untitled tasks"));
    }

    /// <summary>The users column of the progress table, in order.</summary>
    private static List<string> Counts(DashboardPage page)
    {
        var table = Regex.Match(page.Html, """<table id="progress-table">.*?</table>""", RegexOptions.Singleline).Value;
        return CountCell().Matches(table).Select(m => m.Groups["count"].Value).ToList();
    }

    private async Task<DashboardClient> SignedInAsync()
    {
        var client = new DashboardClient(fixture.Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        return client;
    }

    [GeneratedRegex("""<td>(?<count>\d+)</td>\s*</tr>""")]
    private static partial Regex CountCell();

    [GeneratedRegex("""<script type="application/json" id="progress-data">(?<json>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex Island();

    [GeneratedRegex("""<a href="(?<href>[^"]*)" download>Download CSV""")]
    private static partial Regex CsvLink();
}
