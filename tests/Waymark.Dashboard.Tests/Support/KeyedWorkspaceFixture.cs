using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Support;

/// <summary>
/// One server per test class (over SQLite as a class fixture; over either database through the provider constructor),
/// set up without a browser, keeping the keys the setup page showed once, and able to add a viewer through the
/// invitation link the API answers when no mail server is configured.
/// </summary>
public sealed class KeyedWorkspaceFixture : IAsyncLifetime
{
    public const string ViewerEmail = "viewer@example.com";
    public const string ViewerPassword = "harbour-lantern-viewer-42";

    private readonly string _provider;

    public KeyedWorkspaceFixture()
        : this("sqlite")
    {
    }

    /// <summary>A workspace over <paramref name="provider"/> ("sqlite" or "postgres"); internal, since a class fixture has one public constructor.</summary>
    internal KeyedWorkspaceFixture(string provider) => _provider = provider;

    public DashboardServer Server { get; private set; } = null!;

    public string Ws { get; private set; } = "";

    public string WriteKey { get; private set; } = "";

    public string ServerKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await DashboardServer.StartAsync(_provider);
        (Ws, WriteKey, ServerKey) = await PeopleData.SetUpAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A server-key client for the API.</summary>
    public HttpClient Api() => TeamSetup.ApiClient(Server, ServerKey);

    /// <summary>A dashboard client signed in as the owner.</summary>
    public async Task<DashboardClient> OwnerAsync()
    {
        var client = new DashboardClient(Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        return client;
    }

    /// <summary>Invites <see cref="ViewerEmail"/> as a viewer, accepts through the link, and answers a client signed in as them.</summary>
    public async Task<DashboardClient> NewViewerAsync()
    {
        using var api = Api();
        using var invited = await api.PostAsJsonAsync(new Uri("v1/invitations/", UriKind.Relative), new { email = ViewerEmail, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var link = new Uri((string)(await invited.Content.ReadFromJsonAsync<JsonObject>())!["link"]!);

        var viewer = new DashboardClient(Server.BaseAddress);
        var accepted = await viewer.PostFormAsync(link.PathAndQuery, [new("Password", ViewerPassword)]);
        Assert.True(accepted.Status == HttpStatusCode.Redirect && viewer.Session is not null, $"Accepting answered {(int)accepted.Status}.\n{accepted.Html}");
        return viewer;
    }
}
