using System.Net;
using System.Text.Json.Nodes;
using Waymark.Audit;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Api;

/// <summary><c>/v1/incidents</c>: state transitions with who and when, 409 for a transition that does not apply, 400 for bad input with nothing changed, and the permission.</summary>
public sealed class IncidentApiTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Incident_IsAcknowledgedThenResolved_WithWhoAndWhen_AndTheNoteIsNotAudited(string provider)
    {
        var (workspace, id) = await OpenIncidentAsync(provider);
        using var admin = workspace.FullKeyClient();

        var acknowledged = await ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{id}/acknowledge", null));
        var resolved = await ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{id}/resolve", Json(new { note = "Reviewer on leave; campaign reassigned" })));

        Assert.Equal("acknowledged", (string?)acknowledged["state"]);
        Assert.StartsWith("server-key:", (string?)acknowledged["acknowledged_by"], StringComparison.Ordinal);
        Assert.NotNull(acknowledged["acknowledged_at"]);
        Assert.Equal("resolved", (string?)resolved["state"]);
        Assert.Equal("Reviewer on leave; campaign reassigned", (string?)resolved["resolve_note"]);
        var detail = await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{id}"));
        Assert.Equal(["signal", "acknowledged", "resolved"], detail["timeline"]!.AsArray().Select(t => (string)t!["kind"]!));
        var audit = (await ReadJsonAsync(await admin.GetAsync("/v1/audit?action=incident.resolved")))["entries"]!.AsArray();
        var entry = Assert.Single(audit)!;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)entry["target"]!["id"]);
        Assert.DoesNotContain("leave", entry.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task InvalidTransitions_Answer409_AndChangeNothing(string provider)
    {
        var (workspace, id) = await OpenIncidentAsync(provider);
        using var admin = workspace.FullKeyClient();
        await ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{id}/acknowledge", null));

        await AssertProblemAsync(await admin.PostAsync($"/v1/incidents/{id}/acknowledge", null), HttpStatusCode.Conflict, "invalid-transition");
        await ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{id}/resolve", null));
        await AssertProblemAsync(await admin.PostAsync($"/v1/incidents/{id}/resolve", null), HttpStatusCode.Conflict, "invalid-transition");
        await AssertProblemAsync(await admin.PostAsync($"/v1/incidents/{id}/acknowledge", null), HttpStatusCode.Conflict, "invalid-transition");

        var detail = await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{id}"));
        Assert.Equal(3, detail["timeline"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BadInput_Answers400Or404_AndChangesNothing(string provider)
    {
        var (workspace, id) = await OpenIncidentAsync(provider);
        using var admin = workspace.FullKeyClient();
        var member = await workspace.InviteAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/incidents/settings", Json(new { escalation_contacts = new[] { member.AccountId }, acknowledge_within_minutes = 15 }))).StatusCode);

        await AssertProblemAsync(await admin.GetAsync("/v1/incidents?state=closed"), HttpStatusCode.BadRequest, "invalid-state");
        await AssertProblemAsync(await admin.GetAsync("/v1/incidents?severity=urgent"), HttpStatusCode.BadRequest, "invalid-severity");
        await AssertProblemAsync(await admin.GetAsync("/v1/incidents?cursor=not-a-cursor"), HttpStatusCode.BadRequest, "invalid-cursor");
        await AssertProblemAsync(await admin.GetAsync("/v1/incidents/999999999"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await admin.PostAsync($"/v1/incidents/{id}/resolve", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid-resolve");
        await AssertProblemAsync(await admin.PostAsync($"/v1/incidents/{id}/resolve", Json(new { note = new string('x', 2001) })), HttpStatusCode.BadRequest, "invalid-note");
        await AssertProblemAsync(await admin.PutAsync("/v1/incidents/settings", Json(new { webhook_url = "ftp://example.com/hook" })), HttpStatusCode.BadRequest, "invalid-webhook-url");
        await AssertProblemAsync(await admin.PutAsync("/v1/incidents/settings", Json(new { escalation_contacts = new[] { "not-a-member" } })), HttpStatusCode.BadRequest, "invalid-escalation-contacts");
        await AssertProblemAsync(await admin.PutAsync("/v1/incidents/settings", Json(new { acknowledge_within_minutes = 0 })), HttpStatusCode.BadRequest, "invalid-acknowledge-within");

        var settings = await ReadJsonAsync(await admin.GetAsync("/v1/incidents/settings"));
        Assert.Equal([member.AccountId], settings["escalation_contacts"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(15, (int)settings["acknowledge_within_minutes"]!);
        Assert.Null((string?)settings["webhook_url"]);
        Assert.Equal("open", (string?)(await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{id}")))["incident"]!["state"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WebhookSecret_IsShownOnceWhenTheUrlIsFirstSet_AndRotatesToANewOne(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();

        var first = await ReadJsonAsync(await admin.PutAsync("/v1/incidents/settings", Json(new { webhook_url = "https://hooks.example.test/waymark" })));
        var again = await ReadJsonAsync(await admin.PutAsync("/v1/incidents/settings", Json(new { webhook_url = "https://hooks.example.test/waymark2" })));
        var rotated = await ReadJsonAsync(await admin.PostAsync("/v1/incidents/settings/webhook-secret", null));
        var read = await ReadJsonAsync(await admin.GetAsync("/v1/incidents/settings"));

        Assert.StartsWith("whsec_", (string?)first["webhook_secret"], StringComparison.Ordinal);
        Assert.Null(again["webhook_secret"]);
        Assert.StartsWith("whsec_", (string?)rotated["webhook_secret"], StringComparison.Ordinal);
        Assert.NotEqual((string?)first["webhook_secret"], (string?)rotated["webhook_secret"]);
        Assert.True((bool)read["webhook_secret_set"]!);
        Assert.Null(read["webhook_secret"]);
        var audit = (await ReadJsonAsync(await admin.GetAsync("/v1/audit?action=incident.settings-changed")))["entries"]!.AsArray();
        Assert.Equal(3, audit.Count);
        Assert.DoesNotContain("whsec_", audit.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.example.test", audit.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Incidents_NeedSecurityManage(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var viewer = await ReadJsonAsync(await admin.PostAsync("/v1/keys", Json(new { name = "viewer", scopes = new[] { "workspace:view" } })), HttpStatusCode.Created);
        using var client = workspace.Server.ServerKeyClient((string)viewer["secret"]!);

        await AssertProblemAsync(await client.GetAsync("/v1/incidents"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await client.PutAsync("/v1/incidents/settings", Json(new { acknowledge_within_minutes = 5 })), HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<(IncidentWorkspace Workspace, long Id)> OpenIncidentAsync(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", "5"));
        var incident = await workspace.WaitForIncidentAsync("access-review-overdue");
        return (workspace, (long)incident["id"]!);
    }
}
