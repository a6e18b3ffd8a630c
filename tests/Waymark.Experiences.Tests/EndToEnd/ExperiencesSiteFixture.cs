using Waymark.TestSupport;
using Waymark.TestSupport.SampleApp;

namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>One Waymark server (SQLite) and one sample app pointing at it, per test class; tests take their own workspace.</summary>
public sealed class ExperiencesSiteFixture : IAsyncLifetime
{
    public WaymarkTestServer Server { get; private set; } = null!;

    public SampleAppServer App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await WaymarkTestServer.StartAsync("sqlite");
        App = await SampleAppServer.StartAsync(Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}
