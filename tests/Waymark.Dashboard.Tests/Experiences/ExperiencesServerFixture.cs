using Waymark.Dashboard.Tests.Support;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>One server over SQLite per test class, set up without a browser, keeping the workspace's keys.</summary>
public sealed class ExperiencesServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public string Ws { get; private set; } = "";

    public string WriteKey { get; private set; } = "";

    public string ServerKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await DashboardServer.StartAsync("sqlite");
        (Ws, WriteKey, ServerKey) = await PeopleData.SetUpAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
