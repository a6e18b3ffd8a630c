using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Backups.Scheduling;
using Waymark.Backups.Tests.Support;
using Waymark.Hosting;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Backups.Tests.Scheduling;

/// <summary>
/// A server whose backups go to a directory of its own, encrypted to a fresh identity the worker may use for its
/// checks, on a clock the test moves. It runs no worker role: the test drives the scheduler's ticks itself, so nothing
/// runs behind its back.
/// </summary>
internal sealed class ScheduledServer : IAsyncDisposable
{
    private readonly BackupKit _kit;

    private ScheduledServer(WaymarkTestServer server, MovableClock clock, BackupKit kit)
    {
        Server = server;
        Clock = clock;
        _kit = kit;
    }

    public WaymarkTestServer Server { get; }

    public MovableClock Clock { get; }

    public string LocationPath => _kit.LocalPath;

    public static async Task<ScheduledServer> StartAsync(string provider, bool configured = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var kit = await BackupKit.CreateAsync();
        var configuration = new Dictionary<string, string?>();
        if (configured)
        {
            configuration = kit.Settings();
            configuration["Waymark:Backups:Schedule"] = "true";
            configuration["Waymark:Backups:IdentityFile"] = kit.IdentityFile;
            configuration["Waymark:Backups:ScratchDirectory"] = kit.NewDirectory("scratch");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var clock = new MovableClock();
        var server = await WaymarkTestServer.StartAsync(provider, configuration, Role.App | Role.Ingest, clock);
        return new ScheduledServer(server, clock, kit);
    }

    /// <summary>A scheduler like the worker's, built from the server's services.</summary>
    public BackupScheduler Scheduler() => ActivatorUtilities.CreateInstance<BackupScheduler>(Server.Services);

    public void MoveTo(DateTimeOffset at) => Clock.Advance(at - Clock.GetUtcNow());

    /// <summary>The ids of the backups whose index is at the location, oldest first.</summary>
    public IReadOnlyList<string> StoredBackups() =>
        Directory.Exists(Path.Combine(LocationPath, "backups"))
            ? Directory.GetFiles(Path.Combine(LocationPath, "backups"), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>A dashboard client signed in as a new account; <paramref name="instanceOwner"/> makes it one of those who run the installation.</summary>
    public async Task<DashboardClient> SignInAsync(bool instanceOwner)
    {
        var email = $"person-{Guid.NewGuid():N}@example.test";
        var password = "Bk-" + Guid.NewGuid().ToString("N");
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var created = await users.CreateAsync(
                new Account { UserName = email, Email = email, EmailConfirmed = true, IsInstanceOwner = instanceOwner, CreatedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() },
                password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var client = new DashboardClient(Server.BaseAddress);
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>An HTTP client sending <paramref name="dashboard"/>'s session cookie, for the JSON endpoints under /instance.</summary>
    public static HttpClient Api(DashboardClient dashboard) =>
        new(new HttpClientHandler { CookieContainer = dashboard.Cookies, AllowAutoRedirect = false }) { BaseAddress = dashboard.BaseAddress };

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _kit.Dispose();
    }
}
