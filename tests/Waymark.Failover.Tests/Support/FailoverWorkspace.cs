using System.Text.Json;
using Npgsql;
using Waymark.TestSupport;

namespace Waymark.Failover.Tests.Support;

/// <summary>
/// A migrated PostgreSQL database with one workspace, set up by the operator CLI as in production
/// (<c>waymark migrate</c>, <c>waymark workspace create</c>), whose <c>probe</c> property is classified public: each
/// test event carries its messageId in <c>probe</c>, so the test reads back from the <c>events</c> table which
/// messages were stored, without the workspace's keys.
/// </summary>
public sealed class FailoverWorkspace : IAsyncDisposable
{
    public const string ProbeProperty = "probe";

    private FailoverWorkspace(string directory, string database, string writeKey, string masterKey)
    {
        Directory = directory;
        Database = database;
        WriteKey = writeKey;
        MasterKey = masterKey;
    }

    /// <summary>A scratch directory for this test: the CLI's data directory and one data directory per node.</summary>
    public string Directory { get; }

    public string Database { get; }

    public string WriteKey { get; }

    /// <summary>The installation's master key (base64), handed to every node in <c>WAYMARK_MASTERKEY</c> as production does.</summary>
    public string MasterKey { get; }

    public static async Task<FailoverWorkspace> CreateAsync(string database)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("waymark-failover-").FullName;
        var cliData = Path.Combine(directory, "cli");
        string[] storage = ["--data", cliData, "--database", database];
        await WaymarkProcess.RunCliAsync(["migrate", .. storage]);
        using var created = JsonDocument.Parse(await WaymarkProcess.RunCliAsync(["workspace", "create", "failover", "--json", .. storage]));
        var workspaceId = created.RootElement.GetProperty("workspaceId").GetString()!;
        await WaymarkProcess.RunCliAsync(["data-classes", "set", "--workspace", workspaceId, ProbeProperty + "=public", .. storage]);
        var masterKey = (await File.ReadAllTextAsync(Path.Combine(cliData, "master.key"))).Trim();
        return new FailoverWorkspace(directory, database, created.RootElement.GetProperty("writeKey").GetString()!, masterKey);
    }

    /// <summary>Starts an ingest node on this workspace's database, with its own empty data directory.</summary>
    public Task<IngestNode> StartIngestNodeAsync(string name)
    {
        var data = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(data);
        return IngestNode.StartAsync(data, Database, new Dictionary<string, string> { ["WAYMARK_MASTERKEY"] = MasterKey });
    }

    /// <summary>The probe (messageId) of every stored event, with how often each is stored, read straight from the events table.</summary>
    public static async Task<Dictionary<string, int>> StoredProbesAsync(string connectionString)
    {
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // public_data holds an event's public-class values as {"props": {...}, "traits": {...}}.
        await using var command = new NpgsqlCommand("SELECT public_data::jsonb -> 'props' ->> @probe FROM events", connection);
        command.Parameters.AddWithValue("probe", ProbeProperty);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var probe = reader.IsDBNull(0) ? "(none)" : reader.GetString(0);
            stored[probe] = stored.GetValueOrDefault(probe) + 1;
        }

        return stored;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover scratch directory must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
