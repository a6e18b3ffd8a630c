using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Accounts.Sso;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Oidc;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Sso;

/// <summary>
/// Signing in through a workspace's provider, against a real OpenID provider (npm <c>oidc-provider</c>) over HTTP:
/// just-in-time accounts and membership, and the refusals that keep a provider to its own domains and workspace.
/// </summary>
public sealed class SsoSignInTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private static string NewDomain() => Guid.NewGuid().ToString("N")[..12] + ".example.test";

    /// <summary>A workspace connected to a provider started for it, with <paramref name="domain"/> and <paramref name="role"/>.</summary>
    private static async Task<OidcProviderProcess> ConnectAsync(TestWorkspace workspace, string domain, string role = "analyst")
    {
        var provider = await OidcProviderProcess.StartAsync(new Uri(workspace.Server.BaseAddress, $"/signin/sso/{workspace.PublicId}/callback"));
        using var admin = workspace.FullKeyClient();
        await ReadJsonAsync(await admin.PutAsync("/v1/sso", Json(new
        {
            issuer = provider.Issuer.ToString(),
            client_id = provider.ClientId,
            client_secret = provider.ClientSecret,
            email_domains = new[] { domain },
            default_role = role,
        })));
        return provider;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task NewPerson_SignsInThroughTheProvider_AndJoinsWithTheDefaultRole(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var domain = NewDomain();
        await using var idp = await ConnectAsync(workspace, domain);
        var email = $"newcomer@{domain}";
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        var ending = await ProviderSignIn.RunAsync(browser, idp, email, email);

        Assert.Equal("/signin/sso/complete", ending.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, ending.Status);
        Assert.True(ending.Shows("You are signed in."), ending.Html);
        Assert.NotNull(browser.Session);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/w/" + workspace.PublicId)).Status);
        using var admin = workspace.FullKeyClient();
        var member = (await ReadJsonAsync(await admin.GetAsync("/v1/members/")))["members"]!.AsArray().Single(m => (string?)m!["email"] == email)!;
        Assert.Equal("analyst", (string?)member["role"]);
        var accountId = (string)member["account_id"]!;

        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await users.FindByLoginAsync(idp.Issuer.ToString().TrimEnd('/'), email);
        Assert.NotNull(account);
        Assert.Equal(accountId, account.Id);
        Assert.False(await users.HasPasswordAsync(account));
        Assert.True(account.EmailConfirmed);

        var provisioned = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoMemberProvisioned)));
        Assert.Equal(AuditActor.Member(accountId), provisioned.Actor);
        Assert.Equal("analyst", provisioned.Details!["role"]);
        var signedIn = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInSucceeded, ActorId: accountId)));
        Assert.Equal("sso", signedIn.Details!["method"]);
        Assert.DoesNotContain(provisioned.Details.Values.Concat(signedIn.Details.Values), v => v.Contains(email, StringComparison.OrdinalIgnoreCase));

        // The second time, the same account signs in again; nobody is provisioned twice.
        using var again = new DashboardClient(workspace.Server.BaseAddress);
        var second = await ProviderSignIn.RunAsync(again, idp, email, email);
        Assert.True(second.Shows("You are signed in."), second.Html);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoMemberProvisioned)));
        Assert.Equal(2, (await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInSucceeded, ActorId: accountId))).Count);
    }

    [Fact]
    public async Task UnverifiedAddress_IsRefused_AndNobodyIsCreated()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var domain = NewDomain();
        await using var idp = await ConnectAsync(workspace, domain);
        var email = $"unverified@{domain}";
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        var ending = await ProviderSignIn.RunAsync(browser, idp, email, "unverified:" + email);

        Assert.True(ending.Shows("has not verified your email address"), ending.Html);
        Assert.Null(browser.Session);
        await AssertNoAccountAsync(workspace, email);
        var failure = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInFailed)));
        Assert.Equal("email-unverified", failure.Details!["reason"]);
        Assert.Equal("sso", failure.Details["method"]);
    }

    [Fact]
    public async Task AddressOutsideTheConnectionsDomains_IsRefused()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var domain = NewDomain();
        await using var idp = await ConnectAsync(workspace, domain);
        var outsider = $"someone@{NewDomain()}";
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        // Asked for an address of the workspace's domain, the provider answers with another one.
        var ending = await ProviderSignIn.RunAsync(browser, idp, $"someone@{domain}", outsider);

        Assert.True(ending.Shows("does not cover"), ending.Html);
        Assert.Null(browser.Session);
        await AssertNoAccountAsync(workspace, outsider);
        Assert.Equal("domain-not-covered", Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInFailed))).Details!["reason"]);
    }

    [Fact]
    public async Task ExistingAccount_IsLinkedOnlyWhenItBelongsToThisWorkspaceAlone()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var elsewhere = await servers.WorkspaceAsync("sqlite");
        var domain = NewDomain();
        await using var idp = await ConnectAsync(workspace, domain);
        var own = await workspace.AddMemberAsync("editor", $"own@{domain}");
        var shared = await workspace.AddMemberAsync("viewer", $"shared@{domain}");
        await elsewhere.AddMembershipAsync(shared.AccountId, "admin");

        using var ownBrowser = new DashboardClient(workspace.Server.BaseAddress);
        var linked = await ProviderSignIn.RunAsync(ownBrowser, idp, own.Email, own.Email);
        using var sharedBrowser = new DashboardClient(workspace.Server.BaseAddress);
        var refused = await ProviderSignIn.RunAsync(sharedBrowser, idp, shared.Email, shared.Email);

        Assert.True(linked.Shows("You are signed in."), linked.Html);
        Assert.NotNull(ownBrowser.Session);
        Assert.Equal("editor", await workspace.RoleOfAsync(own.AccountId));
        Assert.True(refused.Shows("reaches other workspaces"), refused.Html);
        Assert.Null(sharedBrowser.Session);
        var failure = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInFailed, ActorId: shared.AccountId)));
        Assert.Equal("account-elsewhere", failure.Details!["reason"]);
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SsoMemberProvisioned)));

        // The password still works for the account the provider may not take over.
        using var password = new DashboardClient(workspace.Server.BaseAddress);
        await password.SignInAsync(shared.Email, shared.Password);
        Assert.NotNull(password.Session);
    }

    [Fact]
    public async Task Callback_ReachingAProcessWithoutTheScheme_IsStillHandled()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var domain = NewDomain();
        await using var idp = await ConnectAsync(workspace, domain);
        var email = $"roaming@{domain}";
        var schemes = workspace.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = SsoSchemes.SchemeName(workspace.PublicId);
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        // As if the sign-in had started on another node: this one forgets the scheme before the provider answers.
        var ending = await ProviderSignIn.RunAsync(browser, idp, email, email, beforeCallback: () =>
        {
            schemes.RemoveScheme(scheme);
            return Task.CompletedTask;
        });

        Assert.True(ending.Shows("You are signed in."), ending.Html);
        Assert.NotNull(browser.Session);
        Assert.NotNull(await schemes.GetSchemeAsync(scheme));
    }

    [Fact]
    public async Task Challenge_ForAnAddressNoConnectionCovers_StaysOnTheForm()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        var answer = await browser.PostFormAsync("/signin/sso", [new("Email", $"nobody@{NewDomain()}")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Shows("No workspace here uses single sign-on"), answer.Html);
    }

    private static async Task AssertNoAccountAsync(TestWorkspace workspace, string email)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email));
    }
}
