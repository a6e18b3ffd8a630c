using Waymark.Audit;
using Waymark.Incidents.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Incidents.Tests.Cli;

/// <summary><c>waymark incidents list|show|ack|resolve</c>, run as the real binary against a running server's database: the operator at the machine, audited as the system.</summary>
public sealed class IncidentCliTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Operator_ListsShowsAcknowledgesAndResolves_AndAWrongTransitionIsRefused(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.RecordAsync(new AuditEvent(workspace.Id, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", "8"));
        var id = ((long)(await workspace.WaitForIncidentAsync("access-review-overdue"))["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] where = workspace.Server.Database is { } database ? ["--data", workspace.Server.DataDirectory, "--database", database] : ["--data", workspace.Server.DataDirectory];

        var listed = await WaymarkProcess.RunCliAsync(["incidents", "list", "--workspace", workspace.PublicId, "--state", "open", .. where]);
        var acknowledged = await WaymarkProcess.RunCliAsync(["incidents", "ack", id, .. where]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(["incidents", "ack", id, .. where]));
        var resolved = await WaymarkProcess.RunCliAsync(["incidents", "resolve", id, "--note", "Campaign finished late", .. where]);
        var shown = await WaymarkProcess.RunCliAsync(["incidents", "show", id, .. where]);
        var neither = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(["incidents", "list", .. where]));

        Assert.StartsWith(id + "\topen\tmedium\t", listed, StringComparison.Ordinal);
        Assert.Contains($"Incident {id} acknowledged.", acknowledged, StringComparison.Ordinal);
        Assert.Contains("Only an open incident can be acknowledged", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Incident {id} resolved.", resolved, StringComparison.Ordinal);
        Assert.Contains("\tacknowledged\tsystem\tAcknowledged", shown, StringComparison.Ordinal);
        Assert.Contains("Resolved: ", shown, StringComparison.Ordinal);
        Assert.Contains("Campaign finished late", shown, StringComparison.Ordinal);
        Assert.Contains("--workspace ws_... or --instance", neither.Message, StringComparison.Ordinal);
        var incident = Assert.Single(await workspace.IncidentsAsync());
        Assert.Equal("resolved", (string?)incident["state"]);
        Assert.Equal("system", (string?)incident["resolved_by"]);
    }
}
