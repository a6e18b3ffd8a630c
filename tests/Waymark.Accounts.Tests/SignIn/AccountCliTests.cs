using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport;

namespace Waymark.Accounts.Tests.SignIn;

/// <summary><c>waymark accounts unlock|reset-mfa</c>, run as the real binary against a running server's data directory.</summary>
public sealed class AccountCliTests
{
    [Fact]
    public async Task UnlockAndResetMfa_FromTheCommandLine_LetAnOwnerWhoLostEverythingBackIn_AndAreAudited()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite");
        var workspace = await TestWorkspace.CreateAsync(server);
        var owner = await workspace.AddMemberAsync("owner");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(owner.AccountId))!, true);
        }

        await workspace.ExecuteSqlAsync("INSERT INTO sign_in_throttles (key, failures, last_failure_at, locked_until, locked_permanently) VALUES ({0}, 30, 0, 0, TRUE)", "account:" + owner.AccountId);

        var unlocked = await Cli(server, "accounts", "unlock", owner.Email);
        var reset = await Cli(server, "accounts", "reset-mfa", owner.Email);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => Cli(server, "accounts", "unlock", TestWorkspace.NewEmail("nobody")));

        Assert.Contains("Unlocked", unlocked, StringComparison.Ordinal);
        Assert.Contains("Second factors removed", reset, StringComparison.Ordinal);
        Assert.Contains("no account with that email address", unknown.Message, StringComparison.Ordinal);
        await using var db = server.Services.GetRequiredService<AccountContexts>().Create();
        Assert.False(await db.Throttles.AnyAsync(t => t.Key == "account:" + owner.AccountId));
        Assert.False(await db.Users.Where(a => a.Id == owner.AccountId).Select(a => a.TwoFactorEnabled).SingleAsync());
        var instance = await server.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.AccountUnlocked), null, AuditQuery.MaxLimit);
        Assert.Contains(instance.Entries, e => e.TargetId == owner.AccountId && e.Actor.Kind == AuditActorKind.System);
        Assert.Contains(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.TotpDisabled)), e => e.TargetId == owner.AccountId && e.Details?.GetValueOrDefault("reason") == "operator-reset");
        Assert.DoesNotContain(owner.Email, unlocked + reset, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<string> Cli(WaymarkTestServer server, params string[] args) => WaymarkProcess.RunCliAsync([.. args, "--data", server.DataDirectory]);
}
