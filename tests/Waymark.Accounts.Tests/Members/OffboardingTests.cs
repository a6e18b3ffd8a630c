using System.Net;
using System.Text.RegularExpressions;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Members;

/// <summary>Removing a member ends their sessions and stops the keys they created, from the very next request.</summary>
public sealed partial class OffboardingTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RemovedMember_LosesTheirSessionAndKeysOnTheNextRequest_AndBothAreAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var leaver = await workspace.AddMemberAsync("admin");
        using var browser = await workspace.SignInAsync(leaver);
        var dashboardKey = await CreateKeyInDashboardAsync(browser, workspace, Permissions.DataRead);
        var serviceKey = await workspace.CreateKeyAsync(await workspace.CallerForAsync(leaver), [Permissions.AuditRead]);
        var colleaguesKey = await workspace.CreateKeyAsync([Permissions.DataRead]);
        using var keyClient = workspace.Server.ServerKeyClient(dashboardKey);
        using var serviceKeyClient = workspace.Server.ServerKeyClient(serviceKey.Secret);
        using var colleaguesClient = workspace.Server.ServerKeyClient(colleaguesKey.Secret);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/w/{workspace.PublicId}/keys")).Status);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/v1/data-classes/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await serviceKeyClient.GetAsync("/v1/audit")).StatusCode);

        using var owner = workspace.FullKeyClient();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/members/{leaver.AccountId}")).StatusCode);

        var page = await browser.GetAsync($"/w/{workspace.PublicId}/keys");
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/signin", page.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, home.Status);
        Assert.StartsWith("/signin", home.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync("/v1/data-classes/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serviceKeyClient.GetAsync("/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleaguesClient.GetAsync("/v1/data-classes/")).StatusCode);

        var removal = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberRemoved, TargetId: leaver.AccountId)));
        Assert.Equal("2", removal.Details!["keys_revoked"]);
        Assert.NotEqual("0", removal.Details["sessions_ended"]);
        var revocations = (await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyRevoked))).Where(e => e.Details?.GetValueOrDefault("reason") == "offboarding").ToList();
        Assert.Equal(2, revocations.Count);
        Assert.Contains(revocations, e => e.TargetId == serviceKey.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, (await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied))).Count(e => e.Details?.GetValueOrDefault("reason") == "revoked"));
    }

    [Fact]
    public async Task OwnerRemovingAMemberInTheDashboard_EndsTheirSessionAtOnce()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var owner = await workspace.AddMemberAsync("owner");
        var leaver = await workspace.AddMemberAsync("editor");
        using var ownerBrowser = await workspace.SignInAsync(owner);
        using var leaverBrowser = await workspace.SignInAsync(leaver);
        Assert.Equal(HttpStatusCode.OK, (await leaverBrowser.GetAsync($"/w/{workspace.PublicId}")).Status);
        var memberPage = $"/w/{workspace.PublicId}/members/{leaver.AccountId}";

        var removed = await ownerBrowser.PostFormAsync(memberPage, [new("ConfirmRemoval", "true")], action: memberPage + "?handler=remove");

        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Null(await workspace.RoleOfAsync(leaver.AccountId));
        var after = await leaverBrowser.GetAsync($"/w/{workspace.PublicId}");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.StartsWith("/signin", after.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ownerBrowser.GetAsync($"/w/{workspace.PublicId}")).Status);
        var removal = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberRemoved, TargetId: leaver.AccountId)));
        Assert.Equal(AuditActor.Member(owner.AccountId), removal.Actor);
    }

    /// <summary>Creates a server key through the Keys page's form and reads its secret off the page that answers.</summary>
    private static async Task<string> CreateKeyInDashboardAsync(DashboardClient browser, TestWorkspace workspace, string scope)
    {
        var keysPage = $"/w/{workspace.PublicId}/keys";
        var created = await browser.PostFormAsync(keysPage, [new("Name", "leaver's script"), new("Scopes", scope)], action: keysPage + "?handler=create");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var secret = ServerKeySecret().Match(created.Html);
        Assert.True(secret.Success, "No server key secret on the page:\n" + created.Html);
        return secret.Value;
    }

    [GeneratedRegex("sk_[A-Za-z0-9_-]{43}")]
    private static partial Regex ServerKeySecret();
}
