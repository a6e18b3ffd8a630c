using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Hosting;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Bench;

/// <summary>
/// Waymark for the backup benchmark: started in this process on a loopback port with the ingest role only (events come
/// in through <c>/v1/batch</c>; backups, verification and restore are core services every role has), with one workspace.
/// </summary>
internal sealed class BackupHost : IAsyncDisposable
{
    private readonly SocketsHttpHandler _handler = new() { UseProxy = false, AutomaticDecompression = DecompressionMethods.None };

    private BackupHost(WebApplication app, Uri address, CreatedWorkspace workspace)
    {
        App = app;
        Workspace = workspace;
        Client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public WebApplication App { get; }

    public CreatedWorkspace Workspace { get; }

    public HttpClient Client { get; }

    /// <summary>A Waymark on <paramref name="dataDirectory"/>, not yet started or migrated: a restore target starts only once its database is in place.</summary>
    public static WebApplication Build(string dataDirectory, IReadOnlyDictionary<string, string?> configuration)
    {
        var settings = new Dictionary<string, string?>(configuration)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Waymark.Crypto.MasterKeys.MasterKey"] = "Error",
        };
        return WaymarkApplication.Build(new ServeSettings { DataDirectory = dataDirectory, Urls = "http://127.0.0.1:0", Role = Role.Ingest, Configuration = settings });
    }

    public static async Task<BackupHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> configuration, CancellationToken cancellationToken)
    {
        var app = Build(dataDirectory, configuration);
        // What 'waymark migrate' does for PostgreSQL (PrepareAsync migrates only the embedded database and refuses a PostgreSQL one with pending migrations).
        await app.Services.GetRequiredService<Waymark.Storage.SchemaMigrator>().MigrateAsync(cancellationToken);
        await WaymarkApplication.PrepareAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var workspace = await app.Services.GetRequiredService<WorkspaceService>().CreateAsync("benchmark", cancellationToken: cancellationToken);
        return new BackupHost(app, address, workspace);
    }

    /// <summary>Sends <paramref name="events"/> Segment-shaped calls of <paramref name="users"/> users in <c>/v1/batch</c> requests of 1,000.</summary>
    public async Task SeedAsync(XorShift rng, int events, int users, CancellationToken cancellationToken)
    {
        const int BatchSize = 1_000;
        var now = TimeProvider.System.GetUtcNow();
        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Workspace.WriteKey + ":")));
        for (var sent = 0; sent < events; sent += BatchSize)
        {
            var first = sent;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
            {
                Content = new ByteArrayContent(EventData.Batch(rng, Math.Min(BatchSize, events - sent), i => 1 + ((first + i) % users), 5, now)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = authorization;
            using var response = await Client.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Seeding: POST /v1/batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _handler.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
