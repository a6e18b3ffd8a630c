using Waymark.TestSupport;

namespace Waymark.Segments.Tests.Support;

/// <summary>One server per database, started on first use, on an <see cref="AnchoredClock"/>; tests isolate themselves with their own workspace.</summary>
public sealed class SegmentServers : IAsyncLifetime
{
    private readonly Dictionary<string, Task<WaymarkTestServer>> _servers = [];
    private readonly Lock _lock = new();

    public AnchoredClock Clock { get; } = new();

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

    public async Task<SegmentWorkspace> WorkspaceAsync(string provider) => await SegmentWorkspace.CreateAsync(await ServerAsync(provider), Clock);

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
}
