using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Incidents.Detectors;
using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>Attacks on sign-in, through the dashboard's sign-in form over real HTTP, and ordinary sign-ins that must stay quiet.</summary>
public sealed class SignInDetectorTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnPasswordBruteForce_OpensAHighIncident_AndMailsTheOwner(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var victim = await workspace.InviteAsync("admin");
        using var attacker = new TestSupport.Dashboard.DashboardClient(workspace.Server.BaseAddress);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.TrySignInAsync(victim.Email, "guess-" + i)).Status);
        }

        var incident = await workspace.WaitForIncidentAsync(PasswordBruteForceDetector.Name);
        Assert.Equal("high", (string?)incident["severity"]);
        Assert.Equal(16, (int)incident["score"]!);
        Assert.Equal("open", (string?)incident["state"]);
        Assert.Contains(victim.AccountId, (string?)incident["title"], StringComparison.Ordinal);
        var mail = await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        Assert.Contains("High incident", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Email, mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"https://waymark.example.test/w/{workspace.PublicId}/incidents/{(long)incident["id"]!}", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnPasswordBruteForceAgainstAnOperator_OpensAnInstanceIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var email = IncidentWorkspace.NewEmail("operator");
        string operatorId;
        await using (var scope = workspace.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = new Account { UserName = email, Email = email, EmailConfirmed = true, IsOperator = true };
            Assert.True((await users.CreateAsync(account, "Op-" + Guid.NewGuid().ToString("N"))).Succeeded);
            operatorId = account.Id;
        }

        using var attacker = new TestSupport.Dashboard.DashboardClient(workspace.Server.BaseAddress);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.TrySignInAsync(email, "guess-" + i)).Status);
        }

        var incident = Assert.Single(await Waits.ForAsync(async () => await workspace.InstanceIncidentsAsync(operatorId) is { Count: > 0 } found ? found : null, "the operator brute-force incident"));
        Assert.Equal(PasswordBruteForceDetector.Name, incident.Detector);
        Assert.Equal("high", incident.Severity);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnAuthenticatorCodeGuessing_OpensACriticalIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var victim = await workspace.InviteAsync("editor");
        await using (var scope = workspace.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(victim.AccountId))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
        }

        using var attacker = new TestSupport.Dashboard.DashboardClient(workspace.Server.BaseAddress);
        Assert.StartsWith("/signin/two-factor", (await attacker.TrySignInAsync(victim.Email, victim.Password)).Location, StringComparison.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.PostFormAsync("/signin/two-factor", [new("Code", "000000")])).Status);
        }

        var incident = await workspace.WaitForIncidentAsync(MfaBruteForceDetector.Name);
        Assert.Equal("critical", (string?)incident["severity"]);
        Assert.Contains(victim.AccountId, (string?)incident["title"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnCredentialStuffing_OpensOneInstanceIncidentForTheAddress_AndMailsTheInstanceOwners(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.InviteAsync("editor");
        var address = SignInForm.NewAddress();

        Assert.Equal(HttpStatusCode.OK, await SignInForm.SubmitAsync(workspace.Server.BaseAddress, address, member.Email, "leaked-password-1"));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SignInForm.SubmitAsync(workspace.Server.BaseAddress, address, IncidentWorkspace.NewEmail("nobody"), "leaked-password-" + i));
        }

        var incident = Assert.Single(await Waits.ForAsync(async () => await workspace.InstanceIncidentsAsync(address) is { Count: > 0 } found ? found : null, "the credential-stuffing incident"));
        Assert.Equal(CredentialStuffingDetector.Name, incident.Detector);
        Assert.Equal("high", incident.Severity);
        var mail = await workspace.Mail.WaitForMessageAsync(workspace.Owner.Email, Waits.Generous);
        Assert.Contains($"Credential stuffing from {address}", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"/operator/incidents/{incident.Id}", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(await workspace.IncidentsOnceAllIsSeenAsync(), i => (string?)i["detector"] == PasswordBruteForceDetector.Name);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Detector_OnOwnerSignInFromANewAddress_OpensAMediumIncident_ButNotForTheFirstOrAKnownAddress(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var home = SignInForm.NewAddress();
        var elsewhere = SignInForm.NewAddress();

        Assert.Equal(HttpStatusCode.Redirect, await SignInForm.SubmitAsync(workspace.Server.BaseAddress, home, workspace.Owner.Email, workspace.Owner.Password));
        Assert.Equal(HttpStatusCode.Redirect, await SignInForm.SubmitAsync(workspace.Server.BaseAddress, home, workspace.Owner.Email, workspace.Owner.Password));
        Assert.Empty(await workspace.IncidentsOnceAllIsSeenAsync());
        Assert.Equal(HttpStatusCode.Redirect, await SignInForm.SubmitAsync(workspace.Server.BaseAddress, elsewhere, workspace.Owner.Email, workspace.Owner.Password));

        var incident = await workspace.WaitForIncidentAsync(OwnerNewAddressDetector.Name);
        Assert.Equal("medium", (string?)incident["severity"]);
        Assert.Contains(workspace.Owner.AccountId, (string?)incident["title"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task NormalSignIns_WithOneMistypedPassword_OpenNoIncident(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.InviteAsync("analyst");
        using var browser = new TestSupport.Dashboard.DashboardClient(workspace.Server.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, (await browser.TrySignInAsync(member.Email, member.Password + "x")).Status);
        await browser.SignInAsync(member.Email, member.Password);
        (await workspace.SignInAsync(member)).Dispose();
        (await workspace.SignInAsync(workspace.Owner)).Dispose();
        (await workspace.SignInAsync(workspace.Owner)).Dispose();

        Assert.Empty(await workspace.IncidentsOnceAllIsSeenAsync());
    }
}
