using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Mfa;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;

namespace Waymark.Accounts.Tests.Mfa;

/// <summary>Recovery codes through Identity's UserManager on Waymark's store: ten, hashed at rest, each good once.</summary>
public sealed class RecoveryCodeTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecoveryCodes_AreTen_AndStoredOnlyAsHashes(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");

        var codes = await GenerateAsync(workspace, member);

        Assert.Equal(TotpEnrolment.RecoveryCodeCount, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        var stored = await StoredTokensAsync(workspace, member);
        Assert.NotEmpty(stored);
        foreach (var code in codes)
        {
            Assert.All(stored, value =>
            {
                Assert.DoesNotContain(code, value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), value, StringComparison.OrdinalIgnoreCase);
            });
        }

        Assert.Equal(10, await CountAsync(workspace, member));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecoveryCode_WhenUsedTwice_IsRefusedTheSecondTime(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var codes = await GenerateAsync(workspace, member);

        Assert.True(await RedeemAsync(workspace, member, codes[3]));
        Assert.False(await RedeemAsync(workspace, member, codes[3]));
        Assert.Equal(9, await CountAsync(workspace, member));

        // Typed as people do: lower case, without the hyphen.
        Assert.True(await RedeemAsync(workspace, member, codes[4].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));
        Assert.False(await RedeemAsync(workspace, member, "not-a-code"));
        Assert.Equal(8, await CountAsync(workspace, member));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecoveryCode_RedeemedByConcurrentRequests_WorksOnce(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var codes = await GenerateAsync(workspace, member);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RedeemAsync(workspace, member, codes[0]))));

        Assert.Single(results, redeemed => redeemed);
        Assert.Equal(9, await CountAsync(workspace, member));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RegeneratingRecoveryCodes_InvalidatesTheOldOnes(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        var old = await GenerateAsync(workspace, member);
        Assert.True(await RedeemAsync(workspace, member, old[0]));

        var renewed = await GenerateAsync(workspace, member);

        Assert.Empty(old.Intersect(renewed, StringComparer.Ordinal));
        Assert.Equal(10, await CountAsync(workspace, member));
        foreach (var code in old.Skip(1))
        {
            Assert.False(await RedeemAsync(workspace, member, code));
        }

        Assert.True(await RedeemAsync(workspace, member, renewed[9]));
    }

    private static async Task<List<string>> GenerateAsync(TestWorkspace workspace, TestMember member)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(member.AccountId))!, TotpEnrolment.RecoveryCodeCount);
        return codes!.ToList();
    }

    private static async Task<bool> RedeemAsync(TestWorkspace workspace, TestMember member, string code)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        return (await users.RedeemTwoFactorRecoveryCodeAsync((await users.FindByIdAsync(member.AccountId))!, code)).Succeeded;
    }

    private static async Task<int> CountAsync(TestWorkspace workspace, TestMember member)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        return await users.CountRecoveryCodesAsync((await users.FindByIdAsync(member.AccountId))!);
    }

    private static async Task<List<string>> StoredTokensAsync(TestWorkspace workspace, TestMember member)
    {
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        return await db.UserTokens.Where(t => t.UserId == member.AccountId).Select(t => t.Value ?? "").ToListAsync();
    }
}
