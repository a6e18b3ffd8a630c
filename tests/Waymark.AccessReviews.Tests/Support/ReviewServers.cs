using Waymark.TestSupport;

namespace Waymark.AccessReviews.Tests.Support;

/// <summary>
/// One server per test class whose access-review worker polls every 200 ms, so campaigns the worker starts appear
/// within a moment. Tests isolate themselves with their own workspace.
/// </summary>
public abstract class ReviewServers(string provider) : IAsyncLifetime
{
    public static IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Waymark:AccessReviews:PollInterval"] = "00:00:00.2",
    };

    public WaymarkTestServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await WaymarkTestServer.StartAsync(provider, Configuration);

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteReviewServer() : ReviewServers("sqlite");

public sealed class PostgresReviewServer() : ReviewServers("postgres");

/// <summary>
/// Two nodes on one database sharing a clock that the tests move forward: the first serves every role, the second is
/// a worker only, so two schedulers race for each due campaign.
/// </summary>
public abstract class TwoWorkerServers(string provider) : IAsyncLifetime
{
    public MovableClock Clock { get; } = new();

    public WaymarkTestServer Server { get; private set; } = null!;

    public WaymarkTestServer SecondWorker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await WaymarkTestServer.StartAsync(provider, ReviewServers.Configuration, clock: Clock);
        SecondWorker = await WaymarkTestServer.StartAsync(provider, ReviewServers.Configuration, Waymark.Hosting.Role.Worker, Clock, sharing: Server);
    }

    public async Task DisposeAsync()
    {
        await SecondWorker.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class SqliteTwoWorkerServers() : TwoWorkerServers("sqlite");

public sealed class PostgresTwoWorkerServers() : TwoWorkerServers("postgres");
