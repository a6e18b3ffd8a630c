using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Sso;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Sso;

/// <summary>The workspace's OpenID Connect connection through <c>/v1/sso</c>: checked input, a secret that is sealed and never shown, audited changes.</summary>
public sealed class SsoConnectionTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private const string Secret = "client-secret-that-must-never-come-back-3f9a";

    /// <summary>A domain no other test's connection claims (a domain leads to one workspace only).</summary>
    private static string NewDomain() => Guid.NewGuid().ToString("N")[..12] + ".example.test";

    private static object Connection(string domain, string role = "viewer", string? secret = Secret, string issuer = "https://login.example.test") =>
        new { issuer, client_id = "waymark", client_secret = secret, email_domains = new[] { domain }, default_role = role };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Connection_IsStoredWithTheSecretSealed_AndReadWithoutTheSecret(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var domain = NewDomain();

        using var put = await admin.PutAsync("/v1/sso", Json(Connection(domain, "analyst")));
        var putBody = await put.Content.ReadAsStringAsync();
        using var get = await admin.GetAsync("/v1/sso");
        var getBody = await get.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain(Secret, putBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, getBody, StringComparison.Ordinal);
        var read = await ReadJsonAsync(await admin.GetAsync("/v1/sso"));
        Assert.Equal("https://login.example.test", (string?)read["issuer"]);
        Assert.Equal("waymark", (string?)read["client_id"]);
        Assert.True((bool)read["client_secret_set"]!);
        Assert.Equal([domain], read["email_domains"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("analyst", (string?)read["default_role"]);
        Assert.Equal(new Uri(workspace.Server.BaseAddress, $"/signin/sso/{workspace.PublicId}/callback").ToString(), (string?)read["redirect_uri"]);

        // In the database: sealed, not the secret's bytes, yet it opens to the secret for this workspace only.
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        var row = await db.SsoConnections.AsNoTracking().SingleAsync(c => c.WorkspaceId == workspace.Id);
        var plain = Encoding.UTF8.GetBytes(Secret);
        Assert.True(row.ClientSecret.AsSpan().IndexOf(plain) < 0, "The client secret is stored in plaintext.");
        Assert.True(row.ClientSecret.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Secret)) < 0, "The client secret is stored in plaintext (UTF-16).");
        var secrets = workspace.Services.GetRequiredService<SsoSecrets>();
        Assert.Equal(Secret, secrets.Open(workspace.Id, row.ClientSecret));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => secrets.Open(workspace.Id + 1, row.ClientSecret));

        var configured = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoConfigured)));
        Assert.Equal("true", configured.Details!["secret_changed"]);
        Assert.Equal("analyst", configured.Details["default_role"]);
        Assert.DoesNotContain(configured.Details.Values, v => v.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Update_WithoutASecret_KeepsTheStoredOne_AndRemoveDeletesAndAudits(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var domain = NewDomain();
        await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(Connection(domain))));
        byte[] before;
        await using (var db = workspace.Services.GetRequiredService<AccountContexts>().Create())
        {
            before = (await db.SsoConnections.AsNoTracking().SingleAsync(c => c.WorkspaceId == workspace.Id)).ClientSecret;
        }

        var updated = await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(Connection(domain, "editor", secret: null, issuer: "https://idp.example.test/"))));
        await using (var db = workspace.Services.GetRequiredService<AccountContexts>().Create())
        {
            var row = await db.SsoConnections.AsNoTracking().SingleAsync(c => c.WorkspaceId == workspace.Id);
            Assert.Equal(before, row.ClientSecret);
        }

        using var removed = await admin.DeleteAsync("/v1/sso");
        using var removedAgain = await admin.DeleteAsync("/v1/sso");

        Assert.Equal("https://idp.example.test", (string?)updated["issuer"]);
        Assert.Equal("editor", (string?)updated["default_role"]);
        Assert.True((bool)updated["client_secret_set"]!);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await AssertProblemAsync(removedAgain, HttpStatusCode.NotFound, "sso-not-configured");
        await AssertProblemAsync(await admin.GetAsync("/v1/sso"), HttpStatusCode.NotFound, "sso-not-configured");
        var changes = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoConfigured));
        Assert.Equal(2, changes.Count);
        Assert.Equal("false", changes[0].Details!["secret_changed"]);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoRemoved)));
    }

    [Theory]
    [InlineData("ftp://login.example.test", "invalid-sso-issuer")]
    [InlineData("http://login.example.test", "invalid-sso-issuer")]
    [InlineData("login.example.test", "invalid-sso-issuer")]
    [InlineData("https://login.example.test/?tenant=1", "invalid-sso-issuer")]
    [InlineData("https://user:pass@login.example.test", "invalid-sso-issuer")]
    public async Task Configure_WithABadIssuer_IsRefusedAndNothingIsStored(string issuer, string problem)
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var admin = workspace.FullKeyClient();

        var refused = await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), issuer: issuer))), HttpStatusCode.BadRequest, problem);

        Assert.Contains("https", (string?)refused["detail"], StringComparison.Ordinal);
        await AssertProblemAsync(await admin.GetAsync("/v1/sso"), HttpStatusCode.NotFound, "sso-not-configured");
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoConfigured)));
    }

    [Fact]
    public async Task Configure_WithAPlainHttpIssuerOnThisMachine_IsAccepted()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var admin = workspace.FullKeyClient();

        var local = await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), issuer: "http://localhost:8080"))));
        var loopback = await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), issuer: "http://127.0.0.1:9090/realms/acme"))));

        Assert.Equal("http://localhost:8080", (string?)local["issuer"]);
        Assert.Equal("http://127.0.0.1:9090/realms/acme", (string?)loopback["issuer"]);
    }

    [Fact]
    public async Task Configure_WithBadDomainsRolesOrNoSecret_AnswersWhatToFix()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var admin = workspace.FullKeyClient();

        await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection("not a domain"))), HttpStatusCode.BadRequest, "invalid-sso-domains");
        await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection("localhost"))), HttpStatusCode.BadRequest, "invalid-sso-domains");
        await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(new { issuer = "https://login.example.test", client_id = "waymark", client_secret = Secret, email_domains = Array.Empty<string>(), default_role = "viewer" })), HttpStatusCode.BadRequest, "invalid-sso-domains");
        var unknownRole = await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), "custom:999999"))), HttpStatusCode.BadRequest, "invalid-role");
        var owner = await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), "owner"))), HttpStatusCode.BadRequest, "invalid-role");
        await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain(), secret: null))), HttpStatusCode.BadRequest, "invalid-sso-client");
        await AssertProblemAsync(await admin.PutAsync("/v1/sso", Json(new { issuer = "https://login.example.test", client_id = " ", client_secret = Secret, email_domains = new[] { NewDomain() }, default_role = "viewer" })), HttpStatusCode.BadRequest, "invalid-sso-client");

        Assert.Contains("Choose the default role", (string?)unknownRole["detail"], StringComparison.Ordinal);
        Assert.Contains("other than owner", (string?)owner["detail"], StringComparison.Ordinal);
        await AssertProblemAsync(await admin.GetAsync("/v1/sso"), HttpStatusCode.NotFound, "sso-not-configured");
    }

    [Fact]
    public async Task Configure_AcceptsACustomRole_AndNormalizesTheDomainList()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var admin = workspace.FullKeyClient();
        var role = await workspace.CreateCustomRoleAsync("Support " + Guid.NewGuid().ToString("N")[..6], Permissions.WorkspaceView, Permissions.DataRead);
        var first = NewDomain();
        var second = NewDomain();

        var stored = await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(new
        {
            issuer = "https://login.example.test",
            client_id = "waymark",
            client_secret = Secret,
            email_domains = new[] { $"@{first.ToUpperInvariant()}, {second}", first },
            default_role = role,
        })));

        Assert.Equal([first, second], stored["email_domains"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(role, (string?)stored["default_role"]);
    }

    [Fact]
    public async Task Configure_NeedsSettingsAndMembersManage_AndADefaultRoleTheCallerHolds()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var viewer = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.MembersManage);
        using var settingsOnly = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.SettingsManage);
        using var manager = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.SettingsManage, Permissions.MembersManage);

        using var noSettings = await viewer.PutAsync("/v1/sso", Json(Connection(NewDomain())));
        var noMembers = await AssertProblemAsync(await settingsOnly.PutAsync("/v1/sso", Json(Connection(NewDomain()))), HttpStatusCode.Forbidden, "forbidden");
        var stronger = await AssertProblemAsync(await manager.PutAsync("/v1/sso", Json(Connection(NewDomain(), "analyst"))), HttpStatusCode.Forbidden, "forbidden");
        var allowed = await manager.PutAsync("/v1/sso", Json(Connection(NewDomain(), "viewer")));

        Assert.Equal(HttpStatusCode.Forbidden, noSettings.StatusCode);
        Assert.Contains("members:manage", (string?)noMembers["detail"], StringComparison.Ordinal);
        Assert.Contains(Permissions.DataRead, (string?)stronger["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoConfigured)));
    }

    [Fact]
    public async Task Domain_CoveredByAnotherWorkspace_IsRefused()
    {
        var first = await servers.WorkspaceAsync("sqlite");
        var second = await servers.WorkspaceAsync("sqlite");
        var domain = NewDomain();
        using var firstAdmin = first.FullKeyClient();
        using var secondAdmin = second.FullKeyClient();
        await ReadJsonAsync(await firstAdmin.PutAsync("/v1/sso", Json(Connection(domain))));

        var refused = await AssertProblemAsync(await secondAdmin.PutAsync("/v1/sso", Json(Connection(domain))), HttpStatusCode.Conflict, "sso-domain-taken");

        Assert.Contains(domain, (string?)refused["detail"], StringComparison.Ordinal);
        await AssertProblemAsync(await secondAdmin.GetAsync("/v1/sso"), HttpStatusCode.NotFound, "sso-not-configured");
    }

    [Fact]
    public async Task Remove_WhileTheWorkspaceRequiresSso_IsRefused()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var admin = workspace.FullKeyClient();
        await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(Connection(NewDomain()))));
        await workspace.ExecuteSqlAsync(
            "INSERT INTO workspace_security_policies (workspace_id, require_mfa, require_sso, updated_at) VALUES ({0}, {1}, {2}, {3})",
            workspace.Id, false, true, 0L);

        await AssertProblemAsync(await admin.DeleteAsync("/v1/sso"), HttpStatusCode.Conflict, "sso-required");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/sso")).StatusCode);
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoRemoved)));
    }
}
