using Xunit;

namespace Waymark.TestSupport;

/// <summary>One server per test class over SQLite; tests isolate themselves with their own workspace.</summary>
public sealed class SqliteServerFixture : IAsyncLifetime
{
    public WaymarkTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WaymarkTestServer.StartAsync("sqlite");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>One server per test class over a fresh PostgreSQL database.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public WaymarkTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WaymarkTestServer.StartAsync("postgres");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
