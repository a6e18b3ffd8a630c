using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Support;

/// <summary>
/// Where one Waymark keeps its state, as the CLI is told it: a data directory (the master key, and on SQLite the
/// database) and, on PostgreSQL, a database of its own.
/// </summary>
internal sealed record Installation(string Provider, string DataDirectory, string? Database)
{
    public const string MasterKeyFile = "master.key";

    /// <summary>A new, empty installation: a fresh folder under <paramref name="kit"/> and, on PostgreSQL, a fresh database.</summary>
    public static async Task<Installation> CreateAsync(string provider, BackupKit kit) =>
        new(provider, kit.NewDirectory("data"), provider == "postgres" ? await PostgresServer.Instance.CreateDatabaseAsync() : null);

    public static Installation Of(WaymarkTestServer server) => new(server.Provider, server.DataDirectory, server.Database);

    public string MasterKeyPath => Path.Combine(DataDirectory, MasterKeyFile);

    public string SqliteFile => Path.Combine(DataDirectory, "waymark.db");

    /// <summary><paramref name="command"/> followed by <c>--data DIR</c> and, on PostgreSQL, <c>--database CONN</c>.</summary>
    public string[] Command(params string[] command) =>
        Database is null ? [.. command, "--data", DataDirectory] : [.. command, "--data", DataDirectory, "--database", Database];

    /// <summary>Gives this installation the master key of <paramref name="original"/>, as an operator copies it from safe keeping.</summary>
    public void CopyMasterKeyFrom(Installation original) => File.Copy(original.MasterKeyPath, MasterKeyPath);

    public Task<WaymarkProcess> StartServerAsync() => WaymarkProcess.StartAsync(DataDirectory, Database);
}
