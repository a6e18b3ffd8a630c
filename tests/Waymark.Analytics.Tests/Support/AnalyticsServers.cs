using Waymark.TestSupport;

namespace Waymark.Analytics.Tests.Support;

/// <summary>
/// One server per database on an <see cref="AnchoredClock"/>, and one workspace per database holding the generated
/// <see cref="Dataset"/>, both made on first use and shared by the tests that only read.
/// </summary>
public sealed class AnalyticsServers : IAsyncLifetime
{
    private readonly Dictionary<string, Task<WaymarkTestServer>> _servers = [];
    private readonly Dictionary<string, Task<AnalyticsWorkspace>> _seeded = [];
    private readonly Lock _lock = new();

    public AnchoredClock Clock { get; } = new();

    public Dataset Data => field ??= Dataset.Generate(20261130, Clock);

    public Task<WaymarkTestServer> ServerAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = WaymarkTestServer.StartAsync(provider, clock: Clock);
                _servers[provider] = server;
            }

            return server;
        }
    }

    /// <summary>A fresh, empty workspace, for a test that changes its data.</summary>
    public async Task<AnalyticsWorkspace> WorkspaceAsync(string provider) => await AnalyticsWorkspace.CreateAsync(await ServerAsync(provider), Clock);

    /// <summary>The shared workspace holding <see cref="Data"/>; read it, never change it.</summary>
    public Task<AnalyticsWorkspace> SeededAsync(string provider)
    {
        lock (_lock)
        {
            if (!_seeded.TryGetValue(provider, out var workspace))
            {
                workspace = SeedAsync(provider);
                _seeded[provider] = workspace;
            }

            return workspace;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            try
            {
                await (await server).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // A server that never started has nothing to stop; its test already failed.
            }
        }
    }

    private async Task<AnalyticsWorkspace> SeedAsync(string provider)
    {
        var workspace = await WorkspaceAsync(provider);
        await workspace.SeedAsync(Data);
        return workspace;
    }
}
