using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Policies;

/// <summary>The require-MFA and require-SSO policies: who may set them, and what they do to members.</summary>
public sealed class PolicyTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RequireMfa_SuspendsMembersWithoutASecondFactor_MailsThem_AndReinstatesThemOnEnrolment(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var owner = await workspace.AddMemberAsync("owner");
        var editor = await workspace.AddMemberAsync("editor");
        using var ownerBrowser = await workspace.SignInAsync(owner);
        using var editorBrowser = await workspace.SignInAsync(editor);
        var policyPage = $"/w/{workspace.PublicId}/settings/security";

        var refused = await ownerBrowser.PostFormAsync(policyPage, [new("require", "true")], policyPage + "?handler=mfa");
        Assert.True(refused.Shows("You cannot require two-factor authentication without having it yourself."), refused.Html);
        Assert.False((await PolicyAsync(workspace)).RequireMfa);

        await EnableAuthenticatorAsync(workspace, owner.AccountId);
        var enabled = await ownerBrowser.PostFormAsync(policyPage, [new("require", "true")], policyPage + "?handler=mfa");

        Assert.Equal(HttpStatusCode.Redirect, enabled.Status);
        Assert.True((await PolicyAsync(workspace)).RequireMfa);
        var suspendedPage = await editorBrowser.GetAsync($"/w/{workspace.PublicId}");
        Assert.Equal(HttpStatusCode.Redirect, suspendedPage.Status);
        Assert.StartsWith("/account/security?suspended=" + workspace.PublicId, suspendedPage.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ownerBrowser.GetAsync($"/w/{workspace.PublicId}")).Status);
        var mail = await servers.Mail.WaitForMessageAsync(editor.Email, TimeSpan.FromSeconds(10));
        Assert.Contains("/account/security", mail.TextBody, StringComparison.Ordinal);
        var suspensions = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberSuspended));
        Assert.Single(suspensions, e => e.TargetId == editor.AccountId);
        Assert.DoesNotContain(suspensions, e => e.TargetId == owner.AccountId);

        using var auditor = await workspace.KeyClientAsync(Permissions.MembersManage);
        var compliance = await TestWorkspace.ReadJsonAsync(await auditor.GetAsync("/v1/policies/mfa-compliance"));
        var editorRow = compliance["members"]!.AsArray().Single(m => (string?)m!["account_id"] == editor.AccountId)!;
        Assert.False((bool)editorRow["compliant"]!);
        Assert.True((bool)editorRow["suspended"]!);
        var compliancePage = await ownerBrowser.GetAsync(policyPage);
        Assert.True(compliancePage.Shows(editor.Email), compliancePage.Html);

        await EnableAuthenticatorAsync(workspace, editor.AccountId);

        Assert.Equal(HttpStatusCode.OK, (await editorBrowser.GetAsync($"/w/{workspace.PublicId}")).Status);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberReinstated)), e => e.TargetId == editor.AccountId);
        Assert.Equal("editor", await workspace.RoleOfAsync(editor.AccountId));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ServerKeys_OfASuspendedMember_AreRefusedUntilTheyEnrol_AndTheRefusalIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var owner = await workspace.AddMemberAsync("owner");
        var admin = await workspace.AddMemberAsync("admin");
        var adminsKey = await workspace.CreateKeyAsync(await workspace.CallerForAsync(admin), [Permissions.WorkspaceView]);
        var operatorsKey = await workspace.CreateKeyAsync([Permissions.WorkspaceView]);
        using var adminsClient = workspace.Server.ServerKeyClient(adminsKey.Secret);
        using var operatorsClient = workspace.Server.ServerKeyClient(operatorsKey.Secret);
        Assert.Equal(HttpStatusCode.OK, (await adminsClient.GetAsync("/v1/policies")).StatusCode);

        using var ownerBrowser = await workspace.SignInAsync(owner);
        await EnableAuthenticatorAsync(workspace, owner.AccountId);
        var policyPage = $"/w/{workspace.PublicId}/settings/security";
        await ownerBrowser.PostFormAsync(policyPage, [new("require", "true")], policyPage + "?handler=mfa");

        Assert.Equal(HttpStatusCode.Unauthorized, (await adminsClient.GetAsync("/v1/policies")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorsClient.GetAsync("/v1/policies")).StatusCode);
        Assert.Contains(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied)),
            e => e.TargetId == adminsKey.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Details?.GetValueOrDefault("reason") == "suspended with its creator");

        await EnableAuthenticatorAsync(workspace, admin.AccountId);

        Assert.Equal(HttpStatusCode.OK, (await adminsClient.GetAsync("/v1/policies")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    public async Task PolicyApi_RefusesMfaChangesFromKeys_AndEmptyChanges_WithProblems(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var settings = await workspace.KeyClientAsync(Permissions.SettingsManage, Permissions.WorkspaceView);

        using var byKey = await settings.PatchAsync("/v1/policies", TestWorkspace.Json(new { require_mfa = true }));
        using var empty = await settings.PatchAsync("/v1/policies", TestWorkspace.Json(new { }));
        using var ssoWithoutConnection = await settings.PatchAsync("/v1/policies", TestWorkspace.Json(new { require_sso = true }));

        await TestWorkspace.AssertProblemAsync(byKey, HttpStatusCode.Forbidden, "forbidden");
        await TestWorkspace.AssertProblemAsync(empty, HttpStatusCode.BadRequest, "empty-change");
        await TestWorkspace.AssertProblemAsync(ssoWithoutConnection, HttpStatusCode.Conflict, "sso-not-configured");
        var policy = await TestWorkspace.ReadJsonAsync(await settings.GetAsync("/v1/policies"));
        Assert.False((bool)policy["require_mfa"]!);
        Assert.False((bool)policy["require_sso"]!);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RequireSso_RefusesMembersPasswords_ButOwnersBreakGlass_IsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var owner = await workspace.AddMemberAsync("owner");
        var analyst = await workspace.AddMemberAsync("analyst");
        await workspace.ExecuteSqlAsync(
            "INSERT INTO workspace_sso_connections (workspace_id, issuer, client_id, client_secret, email_domains, default_role, created_at, updated_at) VALUES ({0}, 'https://idp.example.test', 'waymark', {1}, 'example.test', 'viewer', 0, 0)",
            workspace.Id, new byte[] { 1, 2, 3 });
        using var settings = await workspace.KeyClientAsync(Permissions.SettingsManage);

        var changed = await TestWorkspace.ReadJsonAsync(await settings.PatchAsync("/v1/policies", TestWorkspace.Json(new { require_sso = true })));
        using var analystBrowser = new DashboardClient(workspace.Server.BaseAddress);
        var refused = await analystBrowser.TrySignInAsync(analyst.Email, analyst.Password);
        using var ownerBrowser = new DashboardClient(workspace.Server.BaseAddress);
        await ownerBrowser.SignInAsync(owner.Email, owner.Password);

        Assert.True((bool)changed["policy"]!["require_sso"]!);
        Assert.True(refused.Shows("Your workspace requires single sign-on."), refused.Html);
        Assert.Null(analystBrowser.Session);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInBreakGlass)), e => e.TargetId == owner.AccountId);
        Assert.Contains(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInFailed)), e => e.TargetId == analyst.AccountId && e.Details?.GetValueOrDefault("reason") == "sso-required");
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoPolicyChanged)));
    }

    private static async Task<PolicyView> PolicyAsync(TestWorkspace workspace) =>
        await workspace.Services.GetRequiredService<WorkspacePolicies>().GetAsync(workspace.Id);

    /// <summary>Turns the authenticator on as a confirmed enrolment would (the enrolment itself is tested with the MFA pages) and applies the policy.</summary>
    private static async Task EnableAuthenticatorAsync(TestWorkspace workspace, string accountId)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await users.FindByIdAsync(accountId);
        await users.SetTwoFactorEnabledAsync(account!, true);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(workspace.Server.BaseAddress.Authority);
        await workspace.Services.GetRequiredService<MfaPolicy>().AccountFactorsChangedAsync(context, accountId);
    }
}
