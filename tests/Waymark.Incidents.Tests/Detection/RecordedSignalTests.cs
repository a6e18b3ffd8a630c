using Waymark.Audit;
using Waymark.Incidents.Detectors;
using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>
/// Entries other features write (a failed backup verification, an overdue access review), recorded here through the
/// audit log as those features will, and how repeated signals join one incident.
/// </summary>
public sealed class RecordedSignalTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAFailedBackupVerification_OpensACriticalIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_1"));

        var incident = await workspace.WaitForIncidentAsync(BackupVerificationDetector.Name);
        Assert.Equal("critical", (string?)incident["severity"]);
        Assert.Equal(20, (int)incident["score"]!);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAnOverdueAccessReview_OpensAMediumIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", "17"));

        var incident = await workspace.WaitForIncidentAsync(AccessReviewOverdueDetector.Name);
        Assert.Equal("medium", (string?)incident["severity"]);
        Assert.Equal("Access review 17 is overdue", (string?)incident["title"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Signals_WithTheSameGroupingKey_JoinTheOpenIncident_AndOpenANewOneOnceItIsResolved(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var overdue = new AuditEvent(workspace.Id, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", "42");
        using var admin = workspace.FullKeyClient();

        await workspace.RecordAsync(overdue);
        await workspace.RecordAsync(overdue);
        var joined = await Waits.ForAsync(async () => (await workspace.IncidentsAsync()).FirstOrDefault(i => (int)i["signals"]! == 2), "the second signal");
        Assert.Single(await workspace.IncidentsAsync());
        var detail = await IncidentWorkspace.ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{(long)joined["id"]!}"));
        Assert.Equal(2, detail["timeline"]!.AsArray().Count(t => (string?)t!["kind"] == "signal"));

        await IncidentWorkspace.ReadJsonAsync(await admin.PostAsync($"/v1/incidents/{(long)joined["id"]!}/resolve", null));
        await workspace.RecordAsync(overdue);

        await Waits.ForAsync(async () => await workspace.IncidentsAsync("?state=open") is { Count: 1 } open ? open : null, "a new open incident");
        Assert.Equal(2, (await workspace.IncidentsAsync()).Count);
    }
}
