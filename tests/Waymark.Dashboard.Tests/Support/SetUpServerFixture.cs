namespace Waymark.Dashboard.Tests.Support;

/// <summary>One server per test class over SQLite, set up through the setup form (owner and one workspace).</summary>
public sealed class SetUpServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    /// <summary>The public id of the workspace created at setup.</summary>
    public string Workspace { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await DashboardServer.StartAsync("sqlite");
        Workspace = await Server.SetUpWithoutBrowserAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
