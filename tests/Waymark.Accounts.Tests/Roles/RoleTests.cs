using System.Net;
using System.Text.Json.Nodes;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Roles;

/// <summary>The role × permission matrix and custom roles: defined only from what the caller holds, kept while in use, and applied on the member's next request.</summary>
public sealed class RoleTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RolesMatrix_ListsEveryAssignablePermission_AndTheFiveBuiltInRoles(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.AddMemberAsync("analyst");
        using var viewer = await workspace.KeyClientAsync(Permissions.WorkspaceView);

        var matrix = await ReadJsonAsync(await viewer.GetAsync("/v1/roles/"));

        var permissions = matrix["permissions"]!.AsArray();
        Assert.Equal(Permissions.All.Where(p => p != Permissions.EventsWrite), permissions.Select(p => (string)p!["name"]!));
        Assert.All(permissions, p => Assert.Equal(Permissions.Descriptions[(string)p!["name"]!], (string?)p["description"]));
        var roles = matrix["roles"]!.AsArray();
        Assert.Equal(["owner", "admin", "editor", "analyst", "viewer"], roles.Select(r => (string)r!["key"]!));
        foreach (var builtIn in BuiltInRoles.All)
        {
            var role = roles.Single(r => (string?)r!["key"] == builtIn.Key)!;
            Assert.True((bool)role["built_in"]!);
            Assert.Equal(builtIn.Permissions.Order(StringComparer.Ordinal), Strings(role["permissions"]).Order(StringComparer.Ordinal));
        }

        Assert.Equal(1, (int)roles.Single(r => (string?)r!["key"] == "analyst")!["members"]!);
        Assert.DoesNotContain("phi:read", Strings(roles.Single(r => (string?)r!["key"] == "admin")!["permissions"]));
        Assert.Equal([Permissions.WorkspaceView], Strings(roles.Single(r => (string?)r!["key"] == "viewer")!["permissions"]));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CustomRole_CanBeCreatedChangedAndDeleted_AndEachChangeIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();

        var created = await ReadJsonAsync(await admin.PostAsync("/v1/roles/", Json(new { name = "Support lead", permissions = new[] { Permissions.WorkspaceView, Permissions.DataRead } })), HttpStatusCode.Created);
        var key = (string)created["key"]!;
        var changed = await ReadJsonAsync(await admin.PutAsync($"/v1/roles/{key}", Json(new { name = "Support lead", permissions = new[] { Permissions.WorkspaceView, Permissions.DataRead, Permissions.PhiRead } })));
        var listed = await MatrixRoleAsync(admin, key);
        var deleted = await admin.DeleteAsync($"/v1/roles/{key}");

        Assert.StartsWith("custom:", key, StringComparison.Ordinal);
        Assert.False((bool)created["built_in"]!);
        Assert.Equal([Permissions.WorkspaceView, Permissions.DataRead, Permissions.PhiRead], Strings(changed["permissions"]));
        Assert.NotNull(listed);
        Assert.Equal("Support lead", (string?)listed["name"]);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await MatrixRoleAsync(admin, key));
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.RoleCreated, TargetId: key)));
        var change = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.RoleChanged, TargetId: key)));
        Assert.Contains(Permissions.PhiRead, change.Details!["after"], StringComparison.Ordinal);
        Assert.DoesNotContain(Permissions.PhiRead, change.Details["before"], StringComparison.Ordinal);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.RoleDeleted, TargetId: key)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CustomRole_WithAPermissionTheCallerLacks_IsRefused(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var manager = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.MembersManage);
        var existing = await workspace.CreateCustomRoleAsync("Auditor", Permissions.WorkspaceView, Permissions.AuditRead);

        var create = await manager.PostAsync("/v1/roles/", Json(new { name = "Escalation", permissions = new[] { Permissions.WorkspaceView, Permissions.AuditRead } }));
        var touchStronger = await manager.PutAsync($"/v1/roles/{existing}", Json(new { name = "Auditor", permissions = new[] { Permissions.WorkspaceView } }));
        var own = await manager.PostAsync("/v1/roles/", Json(new { name = "Helper", permissions = new[] { Permissions.WorkspaceView } }));

        var problem = await AssertProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(Permissions.AuditRead, (string?)problem["detail"], StringComparison.Ordinal);
        await AssertProblemAsync(touchStronger, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Null(await MatrixRoleAsync(manager, "Escalation", byName: true));
        Assert.Equal([Permissions.WorkspaceView, Permissions.AuditRead], Strings((await MatrixRoleAsync(manager, existing))!["permissions"]));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CustomRole_InUse_CannotBeDeleted(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var role = await workspace.CreateCustomRoleAsync("Support", Permissions.WorkspaceView, Permissions.DataRead);
        var member = await workspace.AddMemberAsync(role);
        using var admin = workspace.FullKeyClient();

        var refused = await admin.DeleteAsync($"/v1/roles/{role}");

        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "role-in-use");
        Assert.NotNull(await MatrixRoleAsync(admin, role));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/members/{member.AccountId}/role", Json(new { role = "viewer" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/roles/{role}")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PermissionChange_AppliesOnTheMembersNextPageRequest_WithoutSigningInAgain(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var role = await workspace.CreateCustomRoleAsync("Helper", Permissions.WorkspaceView);
        var member = await workspace.AddMemberAsync(role);
        using var browser = await workspace.SignInAsync(member);
        using var admin = workspace.FullKeyClient();
        var keys = $"/w/{workspace.PublicId}/keys";
        var audit = $"/w/{workspace.PublicId}/audit";
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(keys)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(audit)).Status);

        // Changing what the member's role grants...
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/roles/{role}", Json(new { name = "Helper", permissions = new[] { Permissions.WorkspaceView, Permissions.KeysManage } }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(keys)).Status);

        // ...and giving the member another role.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/members/{member.AccountId}/role", Json(new { role = "analyst" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(keys)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/w/{workspace.PublicId}/members")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/members/{member.AccountId}/role", Json(new { role = "admin" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(audit)).Status);
        var change = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberRoleChanged, TargetId: member.AccountId, Outcome: AuditOutcome.Success)), e => e.Details!["after"] == "admin");
        Assert.Equal("analyst", change.Details!["before"]);
    }

    private static async Task<JsonObject?> MatrixRoleAsync(HttpClient client, string key, bool byName = false)
    {
        var roles = (await ReadJsonAsync(await client.GetAsync("/v1/roles/")))["roles"]!.AsArray();
        return roles.FirstOrDefault(r => (string?)r![byName ? "name" : "key"] == key)?.AsObject();
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToList();
}
