using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Audit;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Notifications;

/// <summary>Webhooks never reach inside addresses unless the operator allows it: a workspace admin cannot make the worker call internal services.</summary>
public sealed class WebhookTargetTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Webhook_ToALoopbackAddress_IsNotCalled_AndTheRefusalIsOnTheTimeline_WhileTheMailStillGoesOut(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = workspace.FullKeyClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/incidents/settings", Json(new { webhook_url = receiver.Url.ToString() }))).StatusCode);

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_inside"));

        await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        var incident = await workspace.WaitForIncidentAsync("backup-verification-failed");
        var failure = await Waits.ForAsync(
            async () => (await admin.GetFromJsonAsync<JsonObject>($"/v1/incidents/{(long)incident["id"]!}"))!["timeline"]!.AsArray().FirstOrDefault(t => (string?)t!["kind"] == "notification-failed"),
            "the refused webhook on the timeline");
        Assert.Contains("loopback, private or link-local", (string?)failure!["summary"], StringComparison.Ordinal);
        Assert.Equal(0, receiver.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2606:4700::1111", false)]
    public void IsInside_TellsInsideAddressesFromPublicOnes(string address, bool inside) =>
        Assert.Equal(inside, WebhookTargets.IsInside(IPAddress.Parse(address)));
}
