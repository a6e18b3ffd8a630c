using System.Net;
using System.Text.Json.Nodes;
using Waymark.Audit;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Notifications;

/// <summary>
/// A critical incident reaches the owner by mail (a real SMTP sink) and the workspace's webhook (a local receiver that
/// verifies the HMAC signature), then, unacknowledged, each escalation contact in turn as the clock moves on.
/// </summary>
public sealed class EscalationTests(EscalationServers servers) : IClassFixture<EscalationServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CriticalIncident_MailsOwners_SignsTheWebhook_AndEscalatesToTheNextContactEachPeriod(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var first = await workspace.InviteAsync("admin");
        var second = await workspace.InviteAsync("viewer");
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = workspace.FullKeyClient();
        var settings = await ReadJsonAsync(await admin.PutAsync("/v1/incidents/settings", Json(new
        {
            webhook_url = receiver.Url.ToString(),
            escalation_contacts = new[] { first.AccountId, second.AccountId },
            acknowledge_within_minutes = 30,
        })));
        receiver.Secret = (string)settings["webhook_secret"]!;

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_9"));

        var ownerMail = await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        Assert.StartsWith("[Waymark] Critical incident #", ownerMail.Subject, StringComparison.Ordinal);
        var notified = await WebhookEventAsync(receiver, "incident.notified");
        Assert.Equal(workspace.PublicId, (string?)notified["incident"]!["workspace_id"]);
        Assert.Equal("critical", (string?)notified["incident"]!["severity"]);

        servers.Clock.Advance(TimeSpan.FromMinutes(31));
        var toFirst = await workspace.Mail.WaitForMessageAsync(first.Email, Waits.Generous);
        Assert.StartsWith("[Waymark] Unacknowledged Critical incident #", toFirst.Subject, StringComparison.Ordinal);
        Assert.Equal(1, (int)(await WebhookEventAsync(receiver, "incident.escalated"))["incident"]!["escalation_step"]!);

        servers.Clock.Advance(TimeSpan.FromMinutes(31));
        await workspace.Mail.WaitForMessageAsync(second.Email, Waits.Generous);

        var id = (long)notified["incident"]!["id"]!;
        var detail = await Waits.ForAsync(async () => await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{id}")) is var d && (int)d["incident"]!["escalation_step"]! == 2 ? d : null, "the second escalation step");
        Assert.Equal(2, detail["timeline"]!.AsArray().Count(t => (string?)t!["kind"] == "escalated"));
        Assert.Equal(0, receiver.BadSignatures);
        // The step is saved before its audit entry is committed: wait for the entry rather than race it.
        await Waits.ForAsync(async () => (await ReadJsonAsync(await admin.GetAsync("/v1/audit?action=incident.escalated")))["entries"]!.AsArray().Count == 2 ? "both" : null, "the second escalation's audit entry");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcknowledgedIncident_IsNotEscalated(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var contact = await workspace.InviteAsync("admin");
        using var admin = workspace.FullKeyClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/incidents/settings", Json(new { escalation_contacts = new[] { contact.AccountId }, acknowledge_within_minutes = 30 }))).StatusCode);
        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_acknowledged"));
        await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        var acknowledged = (long)(await workspace.WaitForIncidentAsync("backup-verification-failed"))["id"]!;
        await ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{acknowledged}/acknowledge", null));

        // A second, unacknowledged incident escalates a period later; the acknowledged one, already overdue by then, must not.
        servers.Clock.Advance(TimeSpan.FromMinutes(31));
        await ReadJsonAsync(await admin.PostAsync("/v1/keys", Json(new { name = "records export", scopes = new[] { "workspace:view", "phi:read" } })), HttpStatusCode.Created);
        await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        var unacknowledged = await workspace.WaitForIncidentAsync("privilege-escalation");
        servers.Clock.Advance(TimeSpan.FromMinutes(31));

        var escalation = await workspace.Mail.WaitForMessageAsync(contact.Email, Waits.Generous);
        Assert.Contains($"incident #{(long)unacknowledged["id"]!}:", escalation.Subject, StringComparison.Ordinal);
        var detail = await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{acknowledged}"));
        Assert.Equal(0, (int)detail["incident"]!["escalation_step"]!);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FailingWebhook_IsRetried_AndRecordedOnTheTimeline_WhileTheMailStillGoesOut(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Failing = true;
        using var admin = workspace.FullKeyClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/incidents/settings", Json(new { webhook_url = receiver.Url.ToString() }))).StatusCode);

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_10"));

        await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        var incident = await workspace.WaitForIncidentAsync("backup-verification-failed");
        var failure = await Waits.ForAsync(
            async () => (await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{(long)incident["id"]!}")))["timeline"]!.AsArray().FirstOrDefault(t => (string?)t!["kind"] == "notification-failed"),
            "the failed webhook on the timeline");
        Assert.Contains("after 3 attempts (last: HTTP 500)", (string?)failure!["summary"], StringComparison.Ordinal);
        Assert.Equal(3, receiver.Requests);
    }

    private static Task<JsonObject> WebhookEventAsync(WebhookReceiver receiver, string type) =>
        Waits.ForAsync(() => Task.FromResult(receiver.Events.LastOrDefault(e => (string?)e["type"] == type)), $"a signed {type} webhook event");
}
