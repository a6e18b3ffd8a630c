using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.SignIn;

/// <summary>
/// Guessing across many accounts from one address is held back too. In a class of its own: the lock covers the
/// address every test here connects from.
/// </summary>
public sealed class AddressLockoutTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Fact]
    public async Task ManyFailures_FromOneAddress_HoldBackEveryAccountFromThere_AndAreAudited()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        for (var i = 0; i < 20; i++)
        {
            var attempt = await browser.TrySignInAsync(TestWorkspace.NewEmail("guess"), "guessed password");
            Assert.True(attempt.Shows("Email or password is wrong."), $"attempt {i}: {attempt.Html}");
        }

        var twentyFirst = await browser.TrySignInAsync(TestWorkspace.NewEmail("guess"), "guessed password");
        var bystander = await browser.TrySignInAsync(member.Email, member.Password);

        Assert.True(twentyFirst.Shows("Too many failed attempts."), twentyFirst.Html);
        Assert.True(bystander.Shows("Too many failed attempts."), bystander.Html);
        Assert.Null(browser.Session);
        var instance = await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.SignInLockedOut), null, AuditQuery.MaxLimit);
        Assert.Contains(instance.Entries, e => e.Details?.GetValueOrDefault("scope") == "address" && e.Details?.GetValueOrDefault("permanent") == "false");
    }
}
