using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.Incidents.Detectors;
using Waymark.Incidents.Tests.Support;
using static Waymark.Incidents.Tests.Support.IncidentWorkspace;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>Attacks through the API and the dashboard with real HTTP clients (unknown and revoked keys, privilege grants, mass deletion) and ordinary API use that must stay quiet.</summary>
public sealed class ApiDetectorTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAFloodOfUnknownKeysFromOneAddress_OpensAnInstanceIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var address = SignInForm.NewAddress();
        using var guesser = workspace.Server.Client();
        guesser.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        guesser.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token wm_sk_" + Guid.NewGuid().ToString("N"));

        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/v1/incidents")).StatusCode);
        }

        // Unknown keys are audited once a minute per address with the count since: the next minute's entry carries the flood.
        servers.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/v1/incidents")).StatusCode);

        var incident = Assert.Single(await Waits.ForAsync(async () => await workspace.InstanceIncidentsAsync(address) is { Count: > 0 } found ? found : null, "the invalid-key incident"));
        Assert.Equal(InvalidKeyFloodDetector.Name, incident.Detector);
        Assert.Equal("medium", incident.Severity);
        var recorded = await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.KeyUseDenied, SourceIp: address), null, 10);
        Assert.Equal(["59", "0"], recorded.Entries.Select(e => e.Details!["refused_since_last_entry"]));
        Assert.All(recorded.Entries, e => Assert.Equal("unknown", e.Details!["reason"]));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnUseOfARevokedKey_OpensAMediumIncidentForTheKey(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var created = await ReadJsonAsync(await admin.PostAsync("/v1/keys", Json(new { name = "billing backend", scopes = new[] { "workspace:view" } })), HttpStatusCode.Created);
        var keyId = (long)created["key"]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/v1/keys/{keyId}")).StatusCode);
        using var leaked = workspace.Server.ServerKeyClient((string)created["secret"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, (await leaked.GetAsync("/v1/members")).StatusCode);

        var incident = await workspace.WaitForIncidentAsync(RevokedKeyUseDetector.Name);
        Assert.Equal("medium", (string?)incident["severity"]);
        Assert.Contains($"key {keyId}", (string?)incident["title"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAMemberMadeOwner_OpensAHighIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.InviteAsync("viewer");
        using var owner = await workspace.SignInAsync(workspace.Owner);
        var page = $"/w/{workspace.PublicId}/members/{member.AccountId}";

        // Only an owner makes an owner, and owners act through the dashboard (a key may not grant owner).
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(page, [new("Role", "owner")], page + "?handler=role")).Status);

        var incident = await workspace.WaitForIncidentAsync(PrivilegeEscalationDetector.Name);
        Assert.Equal("high", (string?)incident["severity"]);
        Assert.Equal($"Owner role granted to account {member.AccountId}", (string?)incident["title"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnARoleGrantingPhiRead_OpensAHighIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();

        var role = await ReadJsonAsync(await admin.PostAsync("/v1/roles/", Json(new { name = "Clinician", permissions = new[] { "workspace:view", "data:read", "phi:read" } })), HttpStatusCode.Created);

        var incident = await workspace.WaitForIncidentAsync(PrivilegeEscalationDetector.Name);
        Assert.Equal("high", (string?)incident["severity"]);
        Assert.Contains((string)role["key"]!, (string?)incident["title"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnARoleChangedToIncludePhiRead_OpensAHighIncident_ButNotForItsCreationWithout(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var role = (string)(await ReadJsonAsync(await admin.PostAsync("/v1/roles/", Json(new { name = "Support", permissions = new[] { "workspace:view", "data:read" } })), HttpStatusCode.Created))["key"]!;
        Assert.Empty(await workspace.IncidentsOnceAllIsSeenAsync());

        await ReadJsonAsync(await admin.PutAsync($"/v1/roles/{role}", Json(new { name = "Support", permissions = new[] { "workspace:view", "data:read", "phi:read" } })));

        var incident = await workspace.WaitForIncidentAsync(PrivilegeEscalationDetector.Name);
        Assert.Equal($"phi:read granted to role {role}", (string?)incident["title"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAKeyCreatedWithPhiRead_OpensAHighIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();

        var created = await ReadJsonAsync(await admin.PostAsync("/v1/keys", Json(new { name = "records export", scopes = new[] { "workspace:view", "data:read", "phi:read" } })), HttpStatusCode.Created);

        var incident = await workspace.WaitForIncidentAsync(PrivilegeEscalationDetector.Name);
        Assert.Equal($"phi:read granted to key {(long)created["key"]!["id"]!}", (string?)incident["title"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAnInvitationAcceptedAsOwner_OpensAHighIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);

        var owner = await workspace.InviteAsync("owner");

        var incident = await workspace.WaitForIncidentAsync(PrivilegeEscalationDetector.Name);
        Assert.Equal($"Owner role granted to account {owner.AccountId}", (string?)incident["title"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAMassDeletionAboveTheFloor_OpensAHighIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/users") { Content = Json(new { users = Enumerable.Range(0, 60).Select(i => $"user-{i}").ToArray() }) };

        Assert.Equal(HttpStatusCode.Accepted, (await admin.SendAsync(request)).StatusCode);

        var incident = await workspace.WaitForIncidentAsync("mass-deletion");
        Assert.Equal("high", (string?)incident["severity"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnMassExportAboveTheFloor_OpensAHighIncidentOnce(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var sdk = workspace.Server.WriteKeyClient(workspace.Created.WriteKey);
        using var admin = workspace.FullKeyClient();
        var users = Enumerable.Range(0, 8).Select(i => $"customer-{i}").ToList();
        foreach (var user in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await sdk.PostAsync("/v1/identify", Json(new { userId = user, traits = new { plan = "pro" } }))).StatusCode);
        }

        foreach (var user in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/users/{user}/export?format=json")).StatusCode);
        }

        var incident = Assert.Single(await workspace.IncidentsOnceAllIsSeenAsync());
        Assert.Equal("mass-export", (string?)incident["detector"]);
        Assert.Equal("high", (string?)incident["severity"]);
        var detail = await ReadJsonAsync(await admin.GetAsync($"/v1/incidents/{(long)incident["id"]!}"));
        var signal = Assert.Single(detail["timeline"]!.AsArray(), t => (string?)t!["kind"] == "signal")!;
        Assert.StartsWith("6 subjects exported in the last hour, above 5", (string?)signal["summary"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OrdinaryApiUse_WithAFewExportsADeletionAndOrdinaryGrants_OpensNoIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var sdk = workspace.Server.WriteKeyClient(workspace.Created.WriteKey);
        using var admin = workspace.FullKeyClient();
        foreach (var user in new[] { "alice-1", "bob-2" })
        {
            Assert.Equal(HttpStatusCode.OK, (await sdk.PostAsync("/v1/identify", Json(new { userId = user, traits = new { plan = "pro" } }))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/users/alice-1/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/users/bob-2/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync("/v1/users/bob-2")).StatusCode);
        Assert.NotNull(await admin.GetFromJsonAsync<JsonObject>("/v1/keys"));
        await ReadJsonAsync(await admin.PostAsync("/v1/roles/", Json(new { name = "Support", permissions = new[] { "workspace:view", "data:read" } })), HttpStatusCode.Created);
        await ReadJsonAsync(await admin.PostAsync("/v1/keys", Json(new { name = "reporting", scopes = new[] { "workspace:view", "analytics:read" } })), HttpStatusCode.Created);

        Assert.Empty(await workspace.IncidentsOnceAllIsSeenAsync());
    }
}
