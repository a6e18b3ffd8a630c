using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Mfa;

namespace Waymark.Accounts.Tests.Mfa;

/// <summary>Setting up, using and turning off an authenticator app through the dashboard's forms, over real HTTP.</summary>
public sealed partial class TotpEnrolmentTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private const string SecurityPage = "/account/security";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollingTotp_EndsOtherSessions_AndIsAuditedWithoutPersonalData(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        using var otherBrowser = await workspace.SignInAsync(member);

        var (_, codes, _) = await EnrolAsync(browser);

        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/w/{workspace.PublicId}")).Status);
        var signedOut = await otherBrowser.GetAsync($"/w/{workspace.PublicId}");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.StartsWith("/signin", signedOut.Location, StringComparison.OrdinalIgnoreCase);
        var security = await browser.GetAsync(SecurityPage);
        Assert.True(security.Shows("Recovery codes left: 10 of 10"), security.Html);

        var entries = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.TotpEnabled));
        var entry = Assert.Single(entries);
        Assert.Equal(member.AccountId, entry.TargetId);
        Assert.Equal(member.AccountId, entry.Actor.Id);
        var instance = await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.TotpEnabled), null, AuditQuery.MaxLimit);
        Assert.Contains(instance.Entries, e => e.TargetId == member.AccountId);
        var serialized = JsonSerializer.Serialize(entries) + JsonSerializer.Serialize(instance.Entries);
        Assert.DoesNotContain(member.Email, serialized, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(member.Email.Split('@')[0], serialized, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SignIn_WithTotp_NeedsAFreshCode_AndRefusesReplayedOnes(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        var (key, _, confirmStep) = await EnrolAsync(browser);
        var confirmCode = await Oathtool.TotpAsync(key, DateTimeOffset.FromUnixTimeSeconds(confirmStep * Oathtool.StepSeconds));

        // The password alone is not enough now.
        using var signIn = new DashboardClient(workspace.Server.BaseAddress);
        var secondStep = await PasswordAsync(signIn, member);
        Assert.Null(signIn.Session);
        Assert.Equal(HttpStatusCode.Redirect, (await signIn.GetAsync($"/w/{workspace.PublicId}")).Status);

        // The code that confirmed the setup was used: it does not sign in.
        var replayed = await signIn.PostFormAsync(secondStep, [new("Code", confirmCode)]);
        Assert.Equal(HttpStatusCode.OK, replayed.Status);
        Assert.True(replayed.Shows("was already used"), replayed.Html);
        Assert.Null(signIn.Session);

        var fresh = await Oathtool.FreshTotpAsync(key, confirmStep);
        var accepted = await signIn.PostFormAsync(secondStep, [new("Code", fresh)]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.Equal("/", accepted.Location);
        Assert.Equal(HttpStatusCode.OK, (await signIn.GetAsync($"/w/{workspace.PublicId}")).Status);

        // Someone who saw that code and knows the password cannot use it.
        using var onlooker = new DashboardClient(workspace.Server.BaseAddress);
        var onlookerStep = await PasswordAsync(onlooker, member);
        var refused = await onlooker.PostFormAsync(onlookerStep, [new("Code", fresh)]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Null(onlooker.Session);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SignIn_WithARecoveryCode_WorksOncePerCode(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        var (_, codes, _) = await EnrolAsync(browser);

        using var first = new DashboardClient(workspace.Server.BaseAddress);
        var firstStep = await PasswordAsync(first, member) + "&recovery=true";
        var accepted = await first.PostFormAsync(firstStep, [new("Recovery", "true"), new("RecoveryCode", codes[0])]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.NotNull(first.Session);
        Assert.Contains(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.RecoveryCodeUsed)), e => e.TargetId == member.AccountId);

        using var second = new DashboardClient(workspace.Server.BaseAddress);
        var secondStep = await PasswordAsync(second, member) + "&recovery=true";
        var refused = await second.PostFormAsync(secondStep, [new("Recovery", "true"), new("RecoveryCode", codes[0])]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("already used"), refused.Html);
        Assert.Null(second.Session);

        var left = await first.GetAsync(SecurityPage);
        Assert.True(left.Shows("Recovery codes left: 9 of 10"), left.Html);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RegeneratingAndDisabling_NeedACurrentCode_AndAreAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        var (key, oldCodes, confirmStep) = await EnrolAsync(browser);

        var withoutCode = await browser.PostFormAsync(SecurityPage, [new("RegenerateCode", "")], SecurityPage + "?handler=regenerate");
        Assert.Equal(HttpStatusCode.OK, withoutCode.Status);
        Assert.True(withoutCode.Shows("Enter the 6-digit code"), withoutCode.Html);

        var regenerated = await browser.PostFormAsync(SecurityPage, [new("RegenerateCode", await Oathtool.FreshTotpAsync(key, confirmStep))], SecurityPage + "?handler=regenerate");
        Assert.Equal(HttpStatusCode.OK, regenerated.Status);
        Assert.True(regenerated.Shows("Save these recovery codes now"), regenerated.Html);
        var newCodes = RecoveryCodes(regenerated.Html);
        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes, StringComparer.Ordinal));
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.RecoveryCodesRegenerated)));

        // An old recovery code no longer turns it off; a new one does.
        var oldCode = await browser.PostFormAsync(SecurityPage, [new("DisableCode", oldCodes[0])], SecurityPage + "?handler=disable");
        Assert.Equal(HttpStatusCode.OK, oldCode.Status);
        Assert.True(oldCode.Shows("or one of your unused recovery codes"), oldCode.Html);
        var disabled = await browser.PostFormAsync(SecurityPage, [new("DisableCode", newCodes[0])], SecurityPage + "?handler=disable");
        Assert.Equal(HttpStatusCode.Redirect, disabled.Status);
        var page = await browser.GetAsync(SecurityPage);
        Assert.True(page.Shows("Set up an authenticator app"), page.Html);
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.TotpDisabled)));
        Assert.Equal("recovery-code", entry.Details?.GetValueOrDefault("method"));

        // Password alone signs in again.
        using var again = new DashboardClient(workspace.Server.BaseAddress);
        await again.SignInAsync(member.Email, member.Password);
    }

    /// <summary>Sets up TOTP through the security page; answers the key, the recovery codes shown, and the step of the confirming code.</summary>
    private static async Task<(string Key, List<string> Codes, long Step)> EnrolAsync(DashboardClient browser)
    {
        var begun = await browser.PostFormAsync(SecurityPage, [], SecurityPage + "?handler=begin");
        Assert.Equal(HttpStatusCode.Redirect, begun.Status);
        var setup = await browser.GetAsync(SecurityPage);
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        var key = SetupKey().Match(setup.Html) is { Success: true } match
            ? match.Groups["key"].Value.Replace(" ", "", StringComparison.Ordinal)
            : throw new InvalidOperationException("The security page shows no setup key:\n" + setup.Html);
        Assert.Contains("<svg", setup.Html, StringComparison.Ordinal);

        var now = TimeProvider.System.GetUtcNow();
        var confirmed = await browser.PostFormAsync(SecurityPage, [new("ConfirmCode", await Oathtool.TotpAsync(key, now))], SecurityPage + "?handler=confirm");
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.True(confirmed.Shows("Two-factor authentication is on."), confirmed.Html);
        return (key, RecoveryCodes(confirmed.Html), Oathtool.StepOf(now));
    }

    /// <summary>Gives the password; answers the second step's address it redirects to.</summary>
    private static async Task<string> PasswordAsync(DashboardClient client, TestMember member)
    {
        var answer = await client.TrySignInAsync(member.Email, member.Password);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/signin/two-factor", answer.Location, StringComparison.OrdinalIgnoreCase);
        return answer.Location!;
    }

    private static List<string> RecoveryCodes(string html) => RecoveryCode().Matches(html).Select(m => m.Groups["code"].Value).ToList();

    [GeneratedRegex(@"id=""setup-key""[^>]*\bvalue=""(?<key>[A-Z2-7 ]+)""")]
    private static partial Regex SetupKey();

    [GeneratedRegex(@"<li><code>(?<code>[A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
