using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.Incidents.Tests.Support;
using Waymark.Incidents.Verification;
using Waymark.Storage;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>The scheduled verification of the audit chains raises a critical incident when an entry is edited behind the log's back.</summary>
public sealed class ChainVerificationTests(ChainVerificationServers servers) : IClassFixture<ChainVerificationServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Verification_OnAnEditedEntry_RecordsTheFailure_AndOpensCriticalIncidents(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using (var admin = workspace.FullKeyClient())
        {
            await admin.GetAsync("/v1/members");
        }

        await using (var connection = await workspace.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync())
        {
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE audit_entries SET action = 'workspace.renamed' WHERE workspace_id = @w AND seq = 1";
            edit.AddParameter("@w", workspace.Id);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var incident = await workspace.WaitForIncidentAsync(ScheduledChainVerification.Name);
        Assert.Equal("critical", (string?)incident["severity"]);
        var instance = await Waits.ForAsync(async () => await workspace.InstanceIncidentsAsync($"workspace {workspace.Id.ToString(CultureInfo.InvariantCulture)} is broken") is { Count: > 0 } found ? found : null, "the instance incident");
        Assert.Equal("critical", Assert.Single(instance).Severity);
        var recorded = await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.AuditVerificationFailed, TargetId: workspace.Id.ToString(CultureInfo.InvariantCulture)), null, 10);
        var entry = recorded.Entries[0];
        Assert.Equal("1", entry.Details!["seq"]);
        Assert.Equal(["seq", "workspace"], entry.Details.Keys.Order(StringComparer.Ordinal));
    }
}
