using System.Globalization;
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
/// Waymark started in this process on a SQLite data directory (a fresh temporary one unless given), every role, on a
/// loopback port, with one workspace; and what the data subject benchmarks do with it.
/// </summary>
internal sealed class InProcessWaymark : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly bool _ownDirectory;
    private readonly SocketsHttpHandler _handler = new() { UseProxy = false, AutomaticDecompression = DecompressionMethods.None, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };

    private InProcessWaymark(WebApplication app, string dataDirectory, bool ownDirectory, Uri address, CreatedWorkspace workspace)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _ownDirectory = ownDirectory;
        Workspace = workspace;
        Client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public IServiceProvider Services => _app.Services;

    public CreatedWorkspace Workspace { get; }

    public HttpClient Client { get; }

    public static async Task<InProcessWaymark> StartAsync(string? dataDirectory, IReadOnlyDictionary<string, string?> configuration, CancellationToken cancellationToken)
    {
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("waymark-bench-").FullName;
        var settings = new Dictionary<string, string?>(configuration)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        var app = WaymarkApplication.Build(new ServeSettings { DataDirectory = directory, Urls = "http://127.0.0.1:0", Configuration = settings });
        await WaymarkApplication.PrepareAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var workspace = await app.Services.GetRequiredService<WorkspaceService>().CreateAsync("benchmark", cancellationToken: cancellationToken);
        return new InProcessWaymark(app, directory, dataDirectory is null, address, workspace);
    }

    /// <summary>Sends <paramref name="events"/> events of the users <paramref name="userOf"/> picks, in <c>/v1/batch</c> requests of <paramref name="batchSize"/> calls.</summary>
    public async Task SeedAsync(XorShift rng, int events, int batchSize, Func<int, int> userOf, double identifyPercent, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Workspace.WriteKey + ":")));
        for (var sent = 0; sent < events; sent += batchSize)
        {
            var calls = Math.Min(batchSize, events - sent);
            var first = sent;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
            {
                Content = new ByteArrayContent(EventData.Batch(rng, calls, i => userOf(first + i), identifyPercent, now)),
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

    /// <summary>A request carrying the workspace's server key.</summary>
    public HttpRequestMessage ServerRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Token " + Workspace.ServerKey);
        return request;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _handler.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownDirectory)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
