using System.Net;
using Waymark.Audit;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Dashboard;

/// <summary>The incident pages over HTTP as an owner's browser uses them: the list with its chart, one incident's timeline and forms, and the notification settings.</summary>
public sealed class IncidentPageTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Owner_SeesTheIncidentAndItsChart_AcknowledgesAndResolvesItWithANote(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_3"));
        var id = (long)(await workspace.WaitForIncidentAsync("backup-verification-failed"))["id"]!;
        using var owner = await workspace.SignInAsync(workspace.Owner);
        var page = $"/w/{workspace.PublicId}/incidents/{id}";

        var list = await owner.GetAsync($"/w/{workspace.PublicId}/incidents");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("id=\"severity-chart\"", list.Html, StringComparison.Ordinal);
        Assert.True(list.Shows($"#{id} A backup failed verification"));
        Assert.True((await owner.GetAsync($"/w/{workspace.PublicId}/incidents?severity=critical")).Shows($"#{id} A backup failed verification"));
        Assert.Contains("id=\"no-incidents\"", (await owner.GetAsync($"/w/{workspace.PublicId}/incidents?severity=low")).Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(page, [], page + "?handler=acknowledge")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(page, [new("Note", "Restored from the second site; disk replaced")], page + "?handler=resolve")).Status);

        var shown = await owner.GetAsync(page);
        Assert.True(shown.Shows("Restored from the second site; disk replaced"));
        Assert.Contains("<dd id=\"incident-state\">resolved</dd>", shown.Html, StringComparison.Ordinal);
        Assert.True(shown.Shows("member:" + workspace.Owner.AccountId));
        Assert.Empty(await workspace.IncidentsAsync("?state=open"));
        var filtered = await owner.GetAsync($"/w/{workspace.PublicId}/incidents?state=open");
        Assert.Contains("id=\"no-incidents\"", filtered.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Owner_SetsTheWebhookAndContacts_SeesTheSecretOnce_AndABadUrlChangesNothing(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var contact = await workspace.InviteAsync("admin");
        using var owner = await workspace.SignInAsync(workspace.Owner);
        var page = $"/w/{workspace.PublicId}/incidents/settings";

        var saved = await owner.PostFormAsync(page, [new("WebhookUrl", "https://hooks.example.test/in"), new("Contacts", contact.AccountId), new("Contacts", ""), new("AcknowledgeWithinMinutes", "20")], page + "?handler=save");
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("id=\"webhook-secret\"", saved.Html, StringComparison.Ordinal);
        Assert.Contains("whsec_", saved.Html, StringComparison.Ordinal);

        var refused = await owner.PostFormAsync(page, [new("WebhookUrl", "not a url"), new("AcknowledgeWithinMinutes", "20")], page + "?handler=save");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("Give an absolute http or https URL"));

        using var admin = workspace.FullKeyClient();
        var settings = await ReadJsonAsync(await admin.GetAsync("/v1/incidents/settings"));
        Assert.Equal("https://hooks.example.test/in", (string?)settings["webhook_url"]);
        Assert.Equal([contact.AccountId], settings["escalation_contacts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(20, (int)settings["acknowledge_within_minutes"]!);
        var reread = await owner.GetAsync(page);
        Assert.DoesNotContain("whsec_", reread.Html, StringComparison.Ordinal);

        var rotated = await owner.PostFormAsync(page, [], page + "?handler=rotate");
        Assert.Contains("whsec_", rotated.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Viewer_CannotOpenTheIncidentPages(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var viewer = await workspace.InviteAsync("viewer");
        using var browser = await workspace.SignInAsync(viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/w/{workspace.PublicId}/incidents")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/w/{workspace.PublicId}/incidents/settings")).Status);
    }
}
