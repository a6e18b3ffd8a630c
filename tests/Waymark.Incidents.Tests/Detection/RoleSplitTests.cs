using Waymark.Audit;
using Waymark.Hosting;
using Waymark.Incidents.Detectors;
using Waymark.Incidents.Tests.Support;
using Waymark.TestSupport;
using Waymark.TestSupport.Email;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>Detection runs in the worker process alone: an attack on an app node is noticed by a separate worker node sharing the database.</summary>
public sealed class RoleSplitTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WorkerNode_DetectsWhatHappensOnTheAppNode_AndTheAppNodeServesTheIncident(string provider)
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var app = await WaymarkTestServer.StartAsync(provider, IncidentServers.CommonSettings(mail), Role.App);
        await using var worker = await WaymarkTestServer.StartAsync(provider, IncidentServers.CommonSettings(mail), Role.Worker, sharing: app);
        await IncidentServers.WaitForTheDetectorsAsync(worker);
        var workspace = await IncidentWorkspace.CreateAsync(app, mail);

        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_split"));

        var incident = await workspace.WaitForIncidentAsync(BackupVerificationDetector.Name);
        Assert.Equal("critical", (string?)incident["severity"]);
        await mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
    }
}
