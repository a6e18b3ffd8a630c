using System.Net;
using Waymark.Backups.Tests.Support;

namespace Waymark.Backups.Tests.Restoring;

/// <summary>
/// <c>waymark restore</c> replays the deletion ledgers, so a restore never brings back someone deleted after the
/// backup was taken: from the ledgers stored beside newer backups, and from the database the restore replaces.
/// </summary>
public abstract class RestoreAfterDeletionTests
{
    protected abstract string Provider { get; }

    [Fact]
    public async Task Restore_OfAnOlderBackup_IntoANewInstallation_DeletesAgainWhoeverANewerBackupsLedgerLists()
    {
        using var kit = await BackupKit.CreateAsync();
        await using var live = await LiveInstallation.StartAsync(Provider, kit, "u1", "u2");
        var older = await live.BackUpAsync();
        await live.Api.DeleteUserAsync("u1");
        await live.BackUpAsync();
        var target = await Installation.CreateAsync(Provider, kit);
        target.CopyMasterKeyFrom(live.Installation);

        var run = await LiveInstallation.RestoreAsync(kit, target, older);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Restored backup {older}", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 subject(s) deleted again", run.Output, StringComparison.Ordinal);
        var (server, api) = await live.ServeAsync(target);
        await using (server)
        using (api)
        {
            Assert.Null(await api.FindUserAsync("u1"));
            Assert.Equal(HttpStatusCode.NotFound, await api.ExportStatusAsync("u1"));
            Assert.Equal(HttpStatusCode.OK, await api.ExportStatusAsync("u2"));
            var kept = await api.FindUserAsync("u2");
            Assert.NotNull(kept);
            Assert.Equal(WorkspaceApi.EmailOf("u2"), (string?)kept["traits"]!["email"]);

            await api.IdentifyAsync("u1");
            Assert.Null(await api.FindUserAsync("u1"));
        }
    }

    [Fact]
    public async Task ForcedRestore_OverTheLiveDatabase_DeletesAgainWhoeverOnlyTheReplacedDatabaseListed_AndKeepsItAside()
    {
        using var kit = await BackupKit.CreateAsync();
        await using var live = await LiveInstallation.StartAsync(Provider, kit, "u1", "u2");
        var backup = await live.BackUpAsync();
        await live.Api.DeleteUserAsync("u2");
        await live.StopAsync();

        var run = await LiveInstallation.RestoreAsync(kit, live.Installation, backup, force: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("The database it replaced is kept as", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 subject(s) deleted again", run.Output, StringComparison.Ordinal);
        if (Provider == "sqlite")
        {
            Assert.Single(Directory.GetFiles(live.Installation.DataDirectory, "waymark.db.before-restore-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        }

        var (server, api) = await live.ServeAsync(live.Installation);
        await using (server)
        using (api)
        {
            Assert.Null(await api.FindUserAsync("u2"));
            var kept = await api.FindUserAsync("u1");
            Assert.NotNull(kept);
            Assert.Equal(WorkspaceApi.EmailOf("u1"), (string?)kept["traits"]!["email"]);
        }
    }
}

public sealed class SqliteRestoreAfterDeletionTests : RestoreAfterDeletionTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresRestoreAfterDeletionTests : RestoreAfterDeletionTests
{
    protected override string Provider => "postgres";
}
