using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Members;
using Waymark.Accounts.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Members;

/// <summary>Only owners make owners, and a workspace always keeps one.</summary>
public sealed class OwnershipTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OnlyAnOwner_CanMakeSomeoneAnOwner(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var owner = await workspace.AddMemberAsync("owner");
        var admin = await workspace.AddMemberAsync("admin");
        var colleague = await workspace.AddMemberAsync("viewer");
        var memberPage = $"/w/{workspace.PublicId}/members/{colleague.AccountId}";

        // A key holds permissions but is nobody: it cannot make owners, even with every permission.
        using var fullKey = workspace.FullKeyClient();
        await AssertProblemAsync(await fullKey.PutAsync($"/v1/members/{colleague.AccountId}/role", Json(new { role = "owner" })), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await fullKey.PostAsync("/v1/invitations/", Json(new { email = NewEmail(), role = "owner" })), HttpStatusCode.Forbidden, "forbidden");

        // An admin holds members:manage but is no owner.
        using (var asAdmin = await workspace.SignInAsync(admin))
        {
            var refused = await asAdmin.PostFormAsync(memberPage, [new("Role", "owner")], action: memberPage + "?handler=role");
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.True(refused.Shows("Only an owner can make someone an owner."), refused.Html);
            Assert.Equal("viewer", await workspace.RoleOfAsync(colleague.AccountId));

            // What the admin holds, the admin can grant.
            var granted = await asAdmin.PostFormAsync(memberPage, [new("Role", "analyst")], action: memberPage + "?handler=role");
            Assert.Equal(HttpStatusCode.Redirect, granted.Status);
            Assert.Equal("analyst", await workspace.RoleOfAsync(colleague.AccountId));
        }

        using var asOwner = await workspace.SignInAsync(owner);
        var promoted = await asOwner.PostFormAsync(memberPage, [new("Role", "owner")], action: memberPage + "?handler=role");
        Assert.Equal(HttpStatusCode.Redirect, promoted.Status);
        Assert.Equal("owner", await workspace.RoleOfAsync(colleague.AccountId));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TheLastOwner_CannotBeRemovedOrDemoted(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var owner = await workspace.AddMemberAsync("owner");
        var directory = workspace.Services.GetRequiredService<MemberDirectory>();
        var asOwner = await workspace.CallerForAsync(owner);

        var demoted = await directory.ChangeRoleAsync(asOwner, workspace.Id, owner.AccountId, "admin");
        var removed = await directory.RemoveAsync(asOwner, workspace.Id, owner.AccountId);
        using var fullKey = workspace.FullKeyClient();
        var removedByKey = await fullKey.DeleteAsync($"/v1/members/{owner.AccountId}");

        Assert.Equal("last-owner", demoted.Refusal?.Type);
        Assert.Equal("last-owner", removed.Refusal?.Type);
        await AssertProblemAsync(removedByKey, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("owner", await workspace.RoleOfAsync(owner.AccountId));

        // Through the dashboard the refusal is shown beside the form.
        using var browser = await workspace.SignInAsync(owner);
        var page = $"/w/{workspace.PublicId}/members/{owner.AccountId}";
        var refused = await browser.PostFormAsync(page, [new("Role", "admin")], action: page + "?handler=role");
        Assert.True(refused.Shows("only owner"), refused.Html);
        Assert.Equal("owner", await workspace.RoleOfAsync(owner.AccountId));

        // With a second owner, the first may step down.
        var second = await workspace.AddMemberAsync("owner");
        var stepDown = await directory.ChangeRoleAsync(asOwner, workspace.Id, owner.AccountId, "admin");
        Assert.True(stepDown.Succeeded, stepDown.Refusal?.Detail);
        Assert.Equal("admin", await workspace.RoleOfAsync(owner.AccountId));
        Assert.Equal("last-owner", (await directory.RemoveAsync(await workspace.CallerForAsync(second), workspace.Id, second.AccountId)).Refusal?.Type);
    }
}
