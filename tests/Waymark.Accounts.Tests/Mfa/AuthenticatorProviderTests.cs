using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Mfa;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;
using Waymark.TestSupport.Mfa;

namespace Waymark.Accounts.Tests.Mfa;

/// <summary>Identity's authenticator provider as Waymark registers it: oathtool's codes work, once each, and the key is sealed at rest.</summary>
public sealed class AuthenticatorProviderTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OathtoolCode_ForTheEnrolledKey_IsAccepted_AndAWrongCodeIsNot(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var setup = await BeginAsync(workspace, member);
        var code = await Oathtool.TotpAsync(setup.Key, TimeProvider.System.GetUtcNow());
        var wrong = code == "000000" ? "000001" : "000000";

        Assert.False(await VerifyAsync(workspace, member, wrong));
        Assert.True(await VerifyAsync(workspace, member, code));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TotpCode_WhenReplayedInSameWindow_IsRefused(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var setup = await BeginAsync(workspace, member);
        var now = TimeProvider.System.GetUtcNow();
        var code = await Oathtool.TotpAsync(setup.Key, now);

        Assert.True(await VerifyAsync(workspace, member, code));
        Assert.False(await VerifyAsync(workspace, member, code));

        // Nor is the code of the step before it, which the window would otherwise still accept.
        Assert.False(await VerifyAsync(workspace, member, await Oathtool.TotpAsync(setup.Key, now.AddSeconds(-30))));
        Assert.True(await VerifyAsync(workspace, member, await Oathtool.FreshTotpAsync(setup.Key, Oathtool.StepOf(now))));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TotpCode_SubmittedByConcurrentRequests_IsAcceptedOnce(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var setup = await BeginAsync(workspace, member);
        var code = await Oathtool.TotpAsync(setup.Key, TimeProvider.System.GetUtcNow());

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => VerifyAsync(workspace, member, code))));

        Assert.Single(results, accepted => accepted);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AuthenticatorKey_IsNotStoredInPlainText(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var setup = await BeginAsync(workspace, member);

        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        var stored = await db.UserTokens.Where(t => t.UserId == member.AccountId).Select(t => t.Value).ToListAsync();
        var secret = Convert.ToHexString(OtpNet.Base32Encoding.ToBytes(setup.Key));

        Assert.NotEmpty(stored);
        Assert.All(stored, value =>
        {
            Assert.DoesNotContain(setup.Key, value ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, value ?? "", StringComparison.OrdinalIgnoreCase);
        });

        // Sealed, not lost: the key read back through Identity is the one the person's app was given.
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        Assert.Equal(setup.Key, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(member.AccountId))!));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpdatingAnOlderCopyOfTheAccount_DoesNotMakeAUsedCodeGoodAgain(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var setup = await BeginAsync(workspace, member);
        var code = await Oathtool.TotpAsync(setup.Key, TimeProvider.System.GetUtcNow());

        // A request that loaded the account before the code was used, and saves it afterwards.
        await using var stale = workspace.Services.CreateAsyncScope();
        var staleUsers = stale.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var staleAccount = (await staleUsers.FindByIdAsync(member.AccountId))!;
        Assert.True(await VerifyAsync(workspace, member, code));
        staleAccount.PhoneNumber = null;
        Assert.True((await staleUsers.UpdateAsync(staleAccount)).Succeeded);

        Assert.False(await VerifyAsync(workspace, member, code));
    }

    internal static async Task<TotpSetup> BeginAsync(TestWorkspace workspace, TestMember member)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<TotpEnrolment>().BeginAsync(member.AccountId);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
        return outcome.Value!;
    }

    /// <summary>Checks a code as sign-in does, in a request scope of its own.</summary>
    private static async Task<bool> VerifyAsync(TestWorkspace workspace, TestMember member, string code)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = (await users.FindByIdAsync(member.AccountId))!;
        return await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code);
    }
}
