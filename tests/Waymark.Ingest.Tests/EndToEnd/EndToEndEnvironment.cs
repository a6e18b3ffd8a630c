using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.EndToEnd;

/// <summary>
/// End-to-end tests start real server processes and drive them hard; on a small machine they
/// must not compete with each other (or with other tests) for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}

/// <summary>The keys printed by <c>waymark workspace create --json</c>.</summary>
public sealed record WorkspaceKeys(string WorkspaceId, string WriteKey, string ServerKey);

/// <summary>
/// One storage backend for an end-to-end test: a fresh data directory and, for PostgreSQL, a fresh
/// database in the shared throwaway cluster; migrated, with one workspace.
/// </summary>
public sealed class EndToEndEnvironment : IAsyncDisposable
{
    private EndToEndEnvironment(string provider, string dataDirectory, string? database, WorkspaceKeys workspace)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        Database = database;
        Workspace = workspace;
    }

    public string Provider { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL connection string, or null for the embedded SQLite default.</summary>
    public string? Database { get; }

    public WorkspaceKeys Workspace { get; }

    /// <summary>
    /// The repository root: the first directory above the test assembly holding Waymark.slnx
    /// (or WAYMARK_REPO_ROOT when set).
    /// </summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Creates the backend (<c>sqlite</c> or <c>postgres</c>), migrates it and creates a workspace.</summary>
    public static async Task<EndToEndEnvironment> CreateAsync(string provider)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("waymark-e2e-").FullName;
        try
        {
            var database = provider switch
            {
                "sqlite" => null,
                "postgres" => await PostgresServer.Instance.CreateDatabaseAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Expected sqlite or postgres."),
            };

            await WaymarkProcess.RunCliAsync(WithStorage(["migrate"], dataDirectory, database));
            var json = await WaymarkProcess.RunCliAsync(
                WithStorage(["workspace", "create", $"e2e-{provider}", "--json"], dataDirectory, database));
            return new EndToEndEnvironment(provider, dataDirectory, database, ParseWorkspace(json));
        }
        catch
        {
            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>Starts <c>waymark serve</c> on this backend.</summary>
    public Task<WaymarkProcess> StartServerAsync() => WaymarkProcess.StartAsync(DataDirectory, Database);

    /// <summary>An HTTP client for the read API, authenticated with the workspace's server key.</summary>
    public HttpClient CreateReadClient(WaymarkProcess server)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Workspace.ServerKey);
        return client;
    }

    /// <summary>An HTTP client for the ingest API, authenticated with the write key (HTTP Basic, empty password).</summary>
    public HttpClient CreateIngestClient(WaymarkProcess server)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Workspace.WriteKey + ":")));
        return client;
    }

    /// <summary>
    /// <c>GET /v1/users/{userId}</c>: the user's profile, or null when the server answers 404.
    /// </summary>
    public static async Task<JsonElement?> GetUserAsync(HttpClient readClient, string userId, CancellationToken cancellationToken = default)
    {
        using var response = await readClient.GetAsync(new Uri($"v1/users/{Uri.EscapeDataString(userId)}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Every event of a user through <c>GET /v1/users/{userId}/events?limit=500</c>, following
    /// <c>next_cursor</c> until it is null. A user the server does not know has no events.
    /// </summary>
    public static async Task<List<JsonElement>> GetAllEventsAsync(HttpClient readClient, string userId, CancellationToken cancellationToken = default)
    {
        var events = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; ; page++)
        {
            Assert.True(page < 10_000, $"paging the events of {userId} did not end");
            var url = $"v1/users/{Uri.EscapeDataString(userId)}/events?limit=500";
            if (cursor is not null)
            {
                url += "&cursor=" + Uri.EscapeDataString(cursor);
            }

            using var response = await readClient.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0)
            {
                return events;
            }

            await EnsureSuccessAsync(response, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var pageEvents = root.GetProperty("events");
            Assert.True(pageEvents.GetArrayLength() <= 500, $"a page holds {pageEvents.GetArrayLength()} events, more than limit=500");
            foreach (var item in pageEvents.EnumerateArray())
            {
                events.Add(item.Clone());
            }

            var next = root.TryGetProperty("next_cursor", out var nextCursor) && nextCursor.ValueKind == JsonValueKind.String
                ? nextCursor.GetString()
                : null;
            if (string.IsNullOrEmpty(next))
            {
                return events;
            }

            Assert.NotEqual(cursor, next);
            cursor = next;
        }
    }

    /// <summary>Runs a process to completion; throws with its output when it fails or takes too long.</summary>
    public static async Task<string> RunProcessAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} took longer than {timeout}.\nstderr:\n{Tail(await stderr)}");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} exited with code {process.ExitCode}.\nstderr:\n{Tail(errors)}\nstdout:\n{Tail(output)}");
        }

        return output;
    }

    public async ValueTask DisposeAsync()
    {
        TryDelete(DataDirectory);
        await Task.CompletedTask;
    }

    private static string[] WithStorage(string[] args, string dataDirectory, string? database) =>
        database is null
            ? [.. args, "--data", dataDirectory]
            : [.. args, "--data", dataDirectory, "--database", database];

    private static WorkspaceKeys ParseWorkspace(string json)
    {
        using var document = JsonDocument.Parse(json.Trim());
        var root = document.RootElement;
        return new WorkspaceKeys(
            root.GetProperty("workspaceId").GetString() ?? throw new InvalidOperationException("workspaceId is null"),
            root.GetProperty("writeKey").GetString() ?? throw new InvalidOperationException("writeKey is null"),
            root.GetProperty("serverKey").GetString() ?? throw new InvalidOperationException("serverKey is null"));
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {Tail(body)}",
                inner: null,
                response.StatusCode);
        }
    }

    private static string Tail(string text, int maxChars = 4000) =>
        text.Length <= maxChars ? text : "..." + text[^maxChars..];

    private static string FindRepositoryRoot()
    {
        var configured = Environment.GetEnvironmentVariable("WAYMARK_REPO_ROOT");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "Waymark.slnx")))
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Waymark.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Waymark.slnx above {AppContext.BaseDirectory}.");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
