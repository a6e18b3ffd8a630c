using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;

namespace Waymark.Dashboard.Tests.Support;

/// <summary>
/// Browser tests start real server processes and a real browser; on a small machine they must not compete with each
/// other for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection
{
    public const string Name = "Dashboard";
}

/// <summary>
/// A fresh, not yet set up Waymark: <c>waymark serve</c> run as a child process on 127.0.0.1 over a temporary data
/// directory and either the embedded SQLite database or a fresh, migrated PostgreSQL database, optionally mailing
/// through an <see cref="SmtpSink"/>. Holds the one-time setup link the server printed.
/// </summary>
public sealed partial class DashboardServer : IAsyncDisposable
{
    public const string OwnerEmail = "owner@example.com";
    public const string OwnerPassword = "lantern-orchard-quietly-31";
    public const string WorkspaceName = "Acme Analytics";

    private static readonly TimeSpan SetupLinkTimeout = TimeSpan.FromSeconds(30);

    private DashboardServer(WaymarkProcess process, string dataDirectory, string? database, Uri setupLink)
    {
        Process = process;
        DataDirectory = dataDirectory;
        Database = database;
        SetupLink = setupLink;
    }

    public WaymarkProcess Process { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL connection string, or null on the embedded SQLite default.</summary>
    public string? Database { get; }

    /// <summary>The link <c>waymark serve</c> printed: <c>http://127.0.0.1:PORT/setup?token=setup_...</c>.</summary>
    public Uri SetupLink { get; }

    public Uri BaseAddress => Process.BaseAddress;

    /// <summary>
    /// Starts <c>waymark serve</c> over <paramref name="provider"/> ("sqlite" or "postgres"; PostgreSQL is migrated with
    /// <c>waymark migrate</c> first, as an operator would) and waits for the setup link in its output.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(string provider, SmtpSink? mail = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("waymark-dashboard-").FullName;
        WaymarkProcess? process = null;
        try
        {
            var database = provider switch
            {
                "sqlite" => null,
                "postgres" => await PostgresServer.Instance.CreateDatabaseAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Expected sqlite or postgres."),
            };
            if (database is not null)
            {
                await WaymarkProcess.RunCliAsync("migrate", "--data", dataDirectory, "--database", database);
            }

            process = await WaymarkProcess.StartAsync(dataDirectory, database, mail?.EnvironmentVariables);
            var setupLink = await WaitForSetupLinkAsync(process);
            return new DashboardServer(process, dataDirectory, database, setupLink);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>The data-directory and database options for a CLI command on this server's storage.</summary>
    public string[] StorageArguments => Database is null
        ? ["--data", DataDirectory]
        : ["--data", DataDirectory, "--database", Database];

    /// <summary>
    /// Sets the instance up through the setup form without a browser, as <see cref="OwnerEmail"/> with the workspace
    /// <see cref="WorkspaceName"/>, and answers the new workspace's public id.
    /// </summary>
    public async Task<string> SetUpWithoutBrowserAsync()
    {
        using var client = new DashboardClient(BaseAddress);
        var token = SetupToken();
        var answer = await client.PostFormAsync(
            SetupLink.PathAndQuery,
            [new("Token", token), new("Email", OwnerEmail), new("Password", OwnerPassword), new("WorkspaceName", WorkspaceName)]);
        if (answer.Status != HttpStatusCode.OK || WorkspaceLink().Match(answer.Html) is not { Success: true } link)
        {
            throw new InvalidOperationException($"Setting up answered {(int)answer.Status} without the workspace's keys.\n{answer.Html}");
        }

        return link.Groups["ws"].Value;
    }

    /// <summary>The actions recorded on the instance chain (workspace 0), which no API exposes, read from the database.</summary>
    public async Task<IReadOnlyList<string>> InstanceChainActionsAsync()
    {
        await using DbConnection connection = Database is null
            ? new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataDirectory, "waymark.db"),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ConnectionString)
            : new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit_entries WHERE workspace_id = 0 ORDER BY seq";
        var actions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TryDelete(DataDirectory);
    }

    private string SetupToken() =>
        System.Web.HttpUtility.ParseQueryString(SetupLink.Query)["token"]
            ?? throw new InvalidOperationException($"The setup link {SetupLink} has no token.");

    /// <summary>The link is printed once the server listens, which can be a moment after it answers /healthz.</summary>
    private static async Task<Uri> WaitForSetupLinkAsync(WaymarkProcess process)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (SetupLinkLine().Match(process.Output) is { Success: true } match)
            {
                return new Uri(match.Value);
            }

            if (process.HasExited || stopwatch.Elapsed > SetupLinkTimeout)
            {
                throw new InvalidOperationException($"waymark serve printed no setup link.\n--- output ---\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"https?://\S+/setup\?token=setup_\S+")]
    private static partial Regex SetupLinkLine();

    [GeneratedRegex(@"href=""/w/(?<ws>[^""/?]+)""")]
    private static partial Regex WorkspaceLink();
}
