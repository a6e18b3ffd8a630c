using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Setup;

/// <summary>Sign-in attempts are audited by account id, never by the address that was typed.</summary>
public sealed class SignInTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private const string WrongCredentials = "Email or password is wrong.";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SignInSuccessAndFailure_AreAudited_WithoutTheEmailAddressAnywhere(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var unknown = TestWorkspace.NewEmail("nobody");
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        var wrongPassword = await browser.TrySignInAsync(member.Email, "not-the-password-at-all");
        var unknownAddress = await browser.TrySignInAsync(unknown, member.Password);
        Assert.Equal(HttpStatusCode.OK, wrongPassword.Status);
        Assert.True(wrongPassword.Shows(WrongCredentials), wrongPassword.Html);
        Assert.Equal(HttpStatusCode.OK, unknownAddress.Status);
        Assert.True(unknownAddress.Shows(WrongCredentials), unknownAddress.Html);
        Assert.Null(browser.Session);
        await browser.SignInAsync(member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/w/{workspace.PublicId}")).Status);

        using var auditor = await workspace.KeyClientAsync(Permissions.AuditRead);
        using var export = await auditor.GetAsync("/v1/audit/export?format=csv");
        var csv = await export.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(",signin.failed,", StringComparison.Ordinal) && l.Contains($",member,{member.AccountId},", StringComparison.Ordinal) && l.Contains("wrong-password", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",signin.succeeded,", StringComparison.Ordinal) && l.Contains($",member,{member.AccountId},", StringComparison.Ordinal));
        Assert.DoesNotContain(member.Email, csv, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(member.Email.Split('@')[0], csv, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(unknown, csv, StringComparison.OrdinalIgnoreCase);

        // The unknown address's attempt belongs to no workspace: it is in the instance chain, without the address either.
        var instance = await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.SignInFailed), null, AuditQuery.MaxLimit);
        var serialized = JsonSerializer.Serialize(instance.Entries);
        Assert.Contains(instance.Entries, e => e.Actor.Kind == AuditActorKind.Anonymous && e.Details?.GetValueOrDefault("reason") == "unknown-account");
        Assert.DoesNotContain(unknown, serialized, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(member.Email, serialized, StringComparison.OrdinalIgnoreCase);
    }
}
