using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The People page: what the data subject API does, in the browser. Look-up, correction, export, deletion through a
/// confirm step tracked on the Background jobs page, unsuppression, batch deletion and the permissions each needs.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class PeoplePageTests
{
    private const string UserId = "u-dashboard-1";
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Owner_LooksUpUser_CorrectsExportsDeletesThroughConfirmStep_ThenUnsuppresses(string provider)
    {
        await using var server = await DashboardServer.StartAsync(provider);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(page, server);
        using var write = PeopleData.WriteClient(server, await PeopleData.RotateWriteKeyAsync(server, serverKey));
        await PeopleData.SendAsync(write, "identify", new { userId = UserId, traits = new { name = "Ada Lovelace", plan = "pro", nickname = "countess" } });
        await PeopleData.SendAsync(write, "track", new { userId = UserId, @event = "Opened report", properties = new { report = "weekly" } });

        // Look the user up from the navigation: traits, events, and the id nowhere in the address.
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "People", Level = 1 })).ToBeVisibleAsync();
        await LookUpAsync(page, UserId);
        Assert.DoesNotContain(UserId, page.Url, StringComparison.Ordinal);
        await Expect(Trait(page, "name")).ToContainTextAsync("Ada Lovelace");
        await Expect(Trait(page, "plan")).ToContainTextAsync("pro");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Events, newest first, 20 at a time" })).ToContainTextAsync("Opened report");

        // Correct one trait and remove another.
        await page.GetByLabel("Trait key").FillAsync("plan");
        await page.GetByLabel("New value").FillAsync("enterprise");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save value" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The trait plan was corrected." })).ToBeVisibleAsync();
        await Expect(Trait(page, "plan")).ToContainTextAsync("enterprise");
        await page.GetByLabel("Trait key").FillAsync("nickname");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove trait" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The trait nickname was removed." })).ToBeVisibleAsync();
        await Expect(Trait(page, "nickname")).ToHaveCountAsync(0);

        // Export CSV: a download of everything stored, the corrected trait included.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal("user-export.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("section,seq,type,timestamp,received_at,field,key,value", csv, StringComparison.Ordinal);
        Assert.Contains("enterprise", csv, StringComparison.Ordinal);
        Assert.Contains("Opened report", csv, StringComparison.Ordinal);

        // Delete: a mistyped confirmation deletes nothing; the id typed again does.
        await page.GetByLabel("Type the id again to confirm").FillAsync(UserId + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Expect(page.GetByText("Type the id exactly as shown above to confirm. Nothing was deleted.").First).ToBeVisibleAsync();
        await Expect(Trait(page, "name")).ToContainTextAsync("Ada Lovelace");
        await page.GetByLabel("Type the id again to confirm").FillAsync(UserId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Deletion accepted as job" })).ToBeVisibleAsync();
        var jobId = await page.Locator("#deletion-job").InnerTextAsync();
        Assert.Matches(JobIdPattern(), jobId);
        await Expect(page.Locator("#suppression-status")).ToHaveTextAsync("Deleted.");
        await Expect(page.Locator("#not-found")).ToBeVisibleAsync();

        // The Background jobs page follows the job until it completes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow the job on Background jobs" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = jobId });
        await Expect(row).ToContainTextAsync("delete_users");
        await Expect(row).ToContainTextAsync("completed", new() { Timeout = (float)JobWait.TotalMilliseconds });

        // The user is gone for the API too; an event sent for it now is dropped and counted.
        using (var api = TeamSetup.ApiClient(server, serverKey))
        {
            using var gone = await api.GetAsync(new Uri($"v1/users/{UserId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await PeopleData.SendAsync(write, "track", new { userId = UserId, @event = "Came back" });
        await page.GotoAsync($"/w/{ws}/people");
        await LookUpAsync(page, UserId);
        await Expect(page.Locator("#not-found")).ToBeVisibleAsync();
        await Expect(page.Locator("#dropped-events")).ToHaveTextAsync("1");

        // Unsuppress: events are accepted again, the deleted data does not return.
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsuppress" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Events for this user are accepted again." })).ToContainTextAsync(": 1.");
        await Expect(page.Locator("#suppression-status")).ToHaveCountAsync(0);
        await Expect(Trait(page, "name")).ToHaveCountAsync(0);
        await PeopleData.SendAsync(write, "identify", new { userId = UserId, traits = new { name = "Ada, again" } });
        await LookUpAsync(page, UserId);
        await Expect(Trait(page, "name")).ToContainTextAsync("Ada, again");

        // Every step is in the audit log, the subject named by its keyed hash only.
        using (var api = TeamSetup.ApiClient(server, serverKey))
        {
            using var audit = await api.GetAsync(new Uri("v1/audit?limit=500", UriKind.Relative));
            var entries = await audit.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
            foreach (var action in new[] { "data.read", "data.rectified", "data.exported", "data.deleted", "data.unsuppressed" })
            {
                Assert.Contains($"\"{action}\"", entries, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(UserId, entries, StringComparison.Ordinal);
            Assert.DoesNotContain("Ada", entries, StringComparison.Ordinal);
        }

        await owner.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Viewer_IsRefusedThePage_AndAnalystMayLookButNotDelete()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync("sqlite", mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var viewer = await BrowserChecks.NewSessionAsync(server);
        await using var analyst = await BrowserChecks.NewSessionAsync(server);
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(owner.Page, server);
        using var write = PeopleData.WriteClient(server, await PeopleData.RotateWriteKeyAsync(server, serverKey));
        using (var api = TeamSetup.ApiClient(server, serverKey))
        {
            using var classified = await api.PutAsJsonAsync(new Uri("v1/data-classes", UriKind.Relative), new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi" } });
            Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        }

        await PeopleData.SendAsync(write, "identify", new { userId = UserId, traits = new { name = "Ada Lovelace", diagnosis = "phi-canary-value" } });
        await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, viewer.Page, "viewer@example.com", "viewer-harbour-lantern-42", "viewer");
        await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, analyst.Page, "analyst@example.com", "analyst-meadow-copper-77", "analyst");

        // A viewer (no data:read) sees no link and is refused the page.
        await Expect(viewer.Page.Navigation().GetByRole(AriaRole.Link, new() { Name = "People", Exact = true })).ToHaveCountAsync(0);
        var refused = await viewer.Page.GotoAsync($"/w/{ws}/people");
        Assert.Equal(403, refused!.Status);
        await Expect(viewer.Page.GetByText("data:read").First).ToBeVisibleAsync();

        // An analyst (data:read only) looks the user up, but is offered neither deletion nor correction.
        var a = analyst.Page;
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await LookUpAsync(a, UserId);
        await Expect(Trait(a, "name")).ToContainTextAsync("Ada Lovelace");
        await Expect(Trait(a, "diagnosis")).ToContainTextAsync("masked");
        Assert.DoesNotContain("phi-canary-value", await a.ContentAsync(), StringComparison.Ordinal);
        await Expect(a.GetByRole(AriaRole.Button, new() { Name = "Delete user" })).ToHaveCountAsync(0);
        await Expect(a.GetByRole(AriaRole.Button, new() { Name = "Save value" })).ToHaveCountAsync(0);
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Delete many" })).ToHaveCountAsync(0);

        // Posting the delete form anyway, with the page's own antiforgery token, is refused and deletes nothing.
        var token = await a.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var posted = await a.APIRequest.PostAsync($"/w/{ws}/people?handler=delete", new()
        {
            Form = a.APIRequest.CreateFormData()
                .Set("Kind", "user").Set("SubjectId", UserId).Set("Confirm", UserId).Set(DashboardClient.AntiforgeryField, token),
        });
        Assert.Equal(403, posted.Status);
        using (var api = TeamSetup.ApiClient(server, serverKey))
        {
            using var still = await api.GetAsync(new Uri($"v1/users/{UserId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
            using var denials = await api.GetAsync(new Uri("v1/audit?limit=500&action=access.denied", UriKind.Relative));
            Assert.Contains("POST /w/{ws}/people?handler=delete", await denials.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await owner.AssertNoErrorsAsync();
        await viewer.AssertNoErrorsExceptStatusAsync(403);
        await analyst.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task BatchDelete_Over5000Lines_IsRefusedAndDeletesNothing_ThenAValidListBecomesOneJob()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        var (ws, writeKey, serverKey) = await PeopleData.SetUpAsync(server);
        using var write = PeopleData.WriteClient(server, writeKey);
        using var api = TeamSetup.ApiClient(server, serverKey);
        await PeopleData.SendAsync(write, "identify", new { userId = "u-batch-0", traits = new { name = "Kept" } });
        await PeopleData.SendAsync(write, "identify", new { userId = "u-batch-1", traits = new { name = "Deleted" } });
        using var client = new DashboardClient(server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var people = $"/w/{ws}/people";

        var tooMany = string.Join("\n", Enumerable.Range(0, 5_001).Select(i => $"u-batch-{i}"));
        var refused = await client.PostFormAsync(people, [new("BatchKind", "user"), new("BatchIds", tooMany)], people + "?handler=batchdelete");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("A deletion takes at most 5,000 ids; this list has 5,001. Split it into several lists. Nothing was deleted."), refused.Html);
        Assert.False(refused.Shows("Deletion accepted"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("v1/users/u-batch-1", UriKind.Relative))).StatusCode);
        using (var jobs = await api.GetAsync(new Uri("v1/background_jobs", UriKind.Relative)))
        {
            Assert.DoesNotContain("delete_users", await jobs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Empty lines and surrounding spaces are ignored; an id that is too long is a failed row of the job.
        var list = "  u-batch-1 \r\n\r\n" + new string('x', 256) + "\r\n";
        var accepted = await client.PostFormAsync(people, [new("BatchKind", "user"), new("BatchIds", list)], people + "?handler=batchdelete");
        Assert.True(accepted.Shows("Deletion accepted as job"), accepted.Html);
        Assert.True(accepted.Shows("1 of 2 lines are not valid ids"), accepted.Html);
        Assert.Contains($"href=\"/w/{ws}/jobs\"", accepted.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(new Uri("v1/users/u-batch-1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("v1/users/u-batch-0", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task CompanyLookup_ShowsItsTraitsAndUsers_AndAnEmptyIdIsExplained()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        var (ws, writeKey, _) = await PeopleData.SetUpAsync(server);
        using var write = PeopleData.WriteClient(server, writeKey);
        await PeopleData.SendAsync(write, "group", new { userId = "u-member", groupId = "c-acme", traits = new { name = "Acme Corp", employees = 250 } });
        using var client = new DashboardClient(server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var people = $"/w/{ws}/people";

        var company = await client.PostFormAsync(people, [new("Kind", "company"), new("SubjectId", "c-acme")], people + "?handler=lookup");
        Assert.Equal(HttpStatusCode.OK, company.Status);
        Assert.Contains("<h2 id=\"subject\">Company <code>c-acme</code></h2>", company.Html, StringComparison.Ordinal);
        Assert.True(company.Shows("Acme Corp"));
        Assert.True(company.Shows("<dt>Users</dt>"));
        Assert.True(company.Shows("Delete company"));

        var empty = await client.PostFormAsync(people, [new("Kind", "user"), new("SubjectId", "  ")], people + "?handler=lookup");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.True(empty.Shows("The id is empty. Enter the id your app sends"), empty.Html);
        Assert.False(empty.Shows("Nothing is stored"));
    }

    [Fact]
    public async Task LargeExport_RunsAsJob_AndDownloadsFromTheJobsPage()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        var (ws, writeKey, _) = await PeopleData.SetUpAsync(server);
        using var write = PeopleData.WriteClient(server, writeKey);
        const int Events = 10_001;
        await PeopleData.SendTracksAsync(write, "u-large", Events);
        using var client = new DashboardClient(server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var people = $"/w/{ws}/people";

        var started = await client.PostFormAsync(people, [new("Kind", "user"), new("SubjectId", "u-large"), new("format", "csv")], people + "?handler=export");
        Assert.Equal(HttpStatusCode.OK, started.Status);
        Assert.True(started.Shows("A background job writes this export"), started.Html);
        var jobId = ExportJob().Match(started.Html).Groups["job"].Value;
        Assert.Matches(JobIdPattern(), jobId);

        // The Background jobs page offers the download once the job has completed.
        var link = await WaitForDownloadLinkAsync(client, $"/w/{ws}/jobs", jobId);
        Assert.StartsWith($"/w/{ws}/people?", link, StringComparison.Ordinal);

        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = client.Cookies }) { BaseAddress = server.BaseAddress };
        using var file = await http.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", file.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        var csv = await file.Content.ReadAsStringAsync();
        Assert.StartsWith("section,seq,type,timestamp,received_at,field,key,value", csv, StringComparison.Ordinal);
        Assert.Equal(Events, Regex.Count(csv, "\"\"Opened report\"\""));
    }

    private static ILocator Trait(IPage page, string key) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Traits" }).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = key, Exact = true }) });

    private static async Task LookUpAsync(IPage page, string id)
    {
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("user");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "User " + id, Level = 2 })).ToBeVisibleAsync();
    }

    /// <summary>Reloads <paramref name="path"/>, as the page's own refresh would, until it links to the download of <paramref name="jobId"/>'s export.</summary>
    private static async Task<string> WaitForDownloadLinkAsync(DashboardClient client, string path, string jobId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await client.GetAsync(path);
            var link = DownloadLink().Matches(page.Html).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value)).FirstOrDefault(href => href.Contains("job=" + jobId, StringComparison.Ordinal));
            if (link is not null)
            {
                return link;
            }

            Assert.True(waited.Elapsed < JobWait, $"The jobs page offers no download of {jobId}:\n{page.Html}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex("^job_[0-9a-z_]+$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("""<a\b[^>]*\shref="(?<href>[^"]*handler=download[^"]*)"[^>]*>Download""")]
    private static partial Regex DownloadLink();

    [GeneratedRegex("""id="export-job">(?<job>[^<]+)<""")]
    private static partial Regex ExportJob();
}
