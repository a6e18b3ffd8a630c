using System.Security.Cryptography;
using Npgsql;
using Waymark.Backups.Tests.Age;
using Waymark.Backups.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Restoring;

/// <summary>
/// What <c>waymark restore</c> and <c>waymark backup verify</c> refuse, each with a message that says what to do, and
/// without changing the target: a database that holds data (without --force), another master key, none, or an
/// identity the backup was not encrypted to.
/// </summary>
public abstract class RestoreRefusalTests(BackedUpSource source)
{
    [Fact]
    public async Task Restore_OverADatabaseHoldingData_WithoutForce_IsRefusedAndChangesNothing()
    {
        var target = await source.NewTargetAsync();
        await LiveInstallation.CreateWorkspaceAsync(target);
        var before = await WaymarkProcess.RunCliAsync(target.Command("workspace", "list", "--json"));

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, source.BackupId);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("--force", run.Errors, StringComparison.Ordinal);
        Assert.Equal(before, await WaymarkProcess.RunCliAsync(target.Command("workspace", "list", "--json")));
        Assert.Empty(Directory.GetFiles(target.DataDirectory, "*before-restore*"));
    }

    [Fact]
    public async Task Restore_WithAnotherMasterKey_IsRefusedAndChangesNothing()
    {
        var target = await Installation.CreateAsync(source.Installation.Provider, source.Kit);
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n";
        await File.WriteAllTextAsync(target.MasterKeyPath, otherKey);

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, source.BackupId);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("is not the one backup " + source.BackupId + " was sealed under", run.Errors, StringComparison.Ordinal);
        Assert.Equal(otherKey, await File.ReadAllTextAsync(target.MasterKeyPath));
        await AssertEmptyAsync(target);
    }

    [Fact]
    public async Task Restore_WithoutTheMasterKey_IsRefusedAndMakesNone()
    {
        var target = await Installation.CreateAsync(source.Installation.Provider, source.Kit);

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, source.BackupId);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("There is no master key", run.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(target.MasterKeyPath));
        await AssertEmptyAsync(target);
    }

    [Fact]
    public async Task Restore_WithAnIdentityTheBackupWasNotEncryptedTo_IsRefusedWithAClearMessage()
    {
        var target = await source.NewTargetAsync();
        var stranger = await AgeCli.KeygenAsync(source.Kit.PathOf("stranger-" + Guid.NewGuid().ToString("N")[..8] + ".txt"));

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, source.BackupId, identityFile: stranger.IdentityPath);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("None of the given identities can decrypt", run.Errors, StringComparison.Ordinal);
        await AssertEmptyAsync(target);
    }

    [Fact]
    public async Task BackupVerify_WithoutAnIdentity_ReportsTheStoredCopyIntactOnly()
    {
        var run = await WaymarkProcess.RunCliAsync(
            BackupKit.AsEnvironment(source.Kit.Settings()), source.Installation.Command("backup", "verify", source.BackupId, "--from", BackupKit.LocalName));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{source.BackupId} at {BackupKit.LocalName}: intact", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("passed", run.Output, StringComparison.Ordinal);
        Assert.Contains("no identity given", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupVerify_WithTheIdentity_RestoresTheCopyAndPasses()
    {
        var run = await WaymarkProcess.RunCliAsync(
            BackupKit.AsEnvironment(source.Kit.Settings()),
            source.Installation.Command("backup", "verify", source.BackupId, "--identity", source.Kit.IdentityFile));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{source.BackupId} at {BackupKit.LocalName}: passed", run.Output, StringComparison.Ordinal);
    }

    /// <summary>No database was made: no SQLite file, or no table in the PostgreSQL database.</summary>
    internal static async Task AssertEmptyAsync(Installation target)
    {
        if (target.Database is null)
        {
            Assert.False(File.Exists(target.SqliteFile) && new FileInfo(target.SqliteFile).Length > 0, $"{target.SqliteFile} was written");
            return;
        }

        await using var connection = new NpgsqlConnection(target.Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}

public sealed class SqliteRestoreRefusalTests(SqliteBackedUpSource source) : RestoreRefusalTests(source), IClassFixture<SqliteBackedUpSource>;

public sealed class PostgresRestoreRefusalTests(PostgresBackedUpSource source) : RestoreRefusalTests(source), IClassFixture<PostgresBackedUpSource>;
