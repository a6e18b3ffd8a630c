using Waymark.Dashboard.Tests.Support;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>
/// One keyed workspace per database, started the first time a test asks for it and shared by the test class: the
/// analytics queries are written once per provider, so the pages over them are checked on both.
/// </summary>
public sealed class AnalyticsServers : IAsyncLifetime
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    private readonly Dictionary<string, Task<KeyedWorkspaceFixture>> _workspaces = [];
    private readonly Lock _lock = new();

    public Task<KeyedWorkspaceFixture> WorkspaceAsync(string provider)
    {
        lock (_lock)
        {
            if (!_workspaces.TryGetValue(provider, out var workspace))
            {
                workspace = StartAsync(provider);
                _workspaces[provider] = workspace;
            }

            return workspace;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var workspace in _workspaces.Values)
        {
            try
            {
                await (await workspace).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // A server that never started has nothing to stop; its test already failed.
            }
        }
    }

    private static async Task<KeyedWorkspaceFixture> StartAsync(string provider)
    {
        var workspace = new KeyedWorkspaceFixture(provider);
        await workspace.InitializeAsync();
        return workspace;
    }
}
