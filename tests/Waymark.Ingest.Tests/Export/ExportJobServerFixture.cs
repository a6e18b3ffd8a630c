using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Export;

/// <summary>A server that exports more than five events by a job, on a clock the tests move to make exports expire.</summary>
public abstract class ExportJobServerFixture(string provider) : IAsyncLifetime
{
    public WaymarkTestServer Server { get; private set; } = null!;

    public MovableClock Clock { get; } = new();

    public async Task InitializeAsync() =>
        Server = await WaymarkTestServer.StartAsync(provider, new Dictionary<string, string?> { ["Waymark:Exports:InlineMaxEvents"] = "5", ["Waymark:Exports:ChunkBytes"] = "4096" }, clock: Clock);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteExportJobServerFixture() : ExportJobServerFixture("sqlite");

public sealed class PostgresExportJobServerFixture() : ExportJobServerFixture("postgres");
