using Waymark.Incidents.Detectors;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>An account lockout is itself a brute-force signal, before the count of failures reaches the threshold.</summary>
public sealed class LockoutDetectionTests(LockoutServers servers) : IClassFixture<LockoutServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAnAccountLockout_OpensAPasswordBruteForceIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var victim = await workspace.InviteAsync("admin");
        using var attacker = new TestSupport.Dashboard.DashboardClient(workspace.Server.BaseAddress);

        for (var i = 0; i < 4; i++)
        {
            await attacker.TrySignInAsync(victim.Email, "guess-" + i);
        }

        var incident = await workspace.WaitForIncidentAsync(PasswordBruteForceDetector.Name);
        using var admin = workspace.FullKeyClient();
        var detail = await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{(long)incident["id"]!}"));
        var signal = Assert.Single(detail["timeline"]!.AsArray(), t => (string?)t!["kind"] == "signal")!;
        Assert.StartsWith($"Account {victim.AccountId} locked out after 4 failed sign-ins", (string?)signal["summary"], StringComparison.Ordinal);
    }
}
