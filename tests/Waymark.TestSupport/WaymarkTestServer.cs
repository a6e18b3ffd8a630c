using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waymark.Hosting;
using Waymark.Storage;
using Waymark.Workspaces.Workspaces;

namespace Waymark.TestSupport;

/// <summary>
/// The real Waymark web host, in process, listening on 127.0.0.1 with a free port, over SQLite (a temp data
/// directory) or a fresh PostgreSQL database. Tests talk to it over real HTTP.
/// </summary>
public sealed class WaymarkTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WaymarkTestServer(WebApplication app, string dataDirectory, string provider, string? database, LogCapture logs, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Provider = provider;
        Database = database;
        Logs = logs;
        BaseAddress = baseAddress;
    }

    public string DataDirectory { get; }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL connection string, or null on SQLite.</summary>
    public string? Database { get; }

    public LogCapture Logs { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a server; <paramref name="clock"/> replaces the system clock when a test moves time (<see cref="MovableClock"/>),
    /// and <paramref name="services"/> adds services of the test's own (job handlers, for instance). With
    /// <paramref name="sharing"/> the server runs on that server's data directory and database, as a second node would.
    /// </summary>
    public static async Task<WaymarkTestServer> StartAsync(
        string provider,
        IReadOnlyDictionary<string, string?>? configuration = null,
        Role role = Role.All,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null,
        WaymarkTestServer? sharing = null,
        string urls = "http://127.0.0.1:0")
    {
        var dataDirectory = sharing?.DataDirectory ?? Directory.CreateTempSubdirectory("waymark-test-").FullName;
        var database = sharing is not null ? sharing.Database : provider == "postgres" ? await PostgresServer.Instance.CreateDatabaseAsync() : null;
        var logs = new LogCapture();
        var app = WaymarkApplication.Build(new ServeSettings
        {
            DataDirectory = dataDirectory,
            Database = database,
            Urls = urls,
            Role = role,
            Configuration = configuration ?? new Dictionary<string, string?>(),
            ConfigureServices = collection =>
            {
                collection.AddSingleton<ILoggerProvider>(logs);
                if (clock is not null)
                {
                    collection.AddSingleton(clock);
                }

                services?.Invoke(collection);
            },
        });
        if (database is not null)
        {
            await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }

        await WaymarkApplication.PrepareAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WaymarkTestServer(app, dataDirectory, provider, database, logs, new Uri(address));
    }

    /// <summary>A new workspace, so each test starts from empty data.</summary>
    public Task<CreatedWorkspace> CreateWorkspaceAsync(string name = "Test workspace") =>
        _app.Services.GetRequiredService<WorkspaceService>().CreateAsync(name);

    public HttpClient Client() => new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = BaseAddress };

    /// <summary>A client that sends the write key the way Segment clients do: HTTP Basic user name, empty password.</summary>
    public HttpClient WriteKeyClient(string writeKey)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return client;
    }

    /// <summary>A client that sends a server key the way Userpilot clients do: <c>Authorization: Token KEY</c>.</summary>
    public HttpClient ServerKeyClient(string serverKey)
    {
        var client = Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + serverKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
