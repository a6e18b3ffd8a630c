using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Backups.Age;
using Waymark.Backups.Restoring;
using Waymark.Backups.Running;
using Waymark.Backups.Snapshots;
using Waymark.Backups.Verification;
using Waymark.Storage;

namespace Waymark.Bench;

internal sealed record BackupLoadOptions(int SizeMb, string? Database, int Runs, int SeedEvents, string? WorkDirectory, ulong Seed);

/// <summary>The database measured: a SQLite file, or a PostgreSQL database (<see cref="Connection"/>).</summary>
internal sealed record Target(string? File, string? Connection)
{
    public bool IsSqlite => Connection is null;

    public string Provider => IsSqlite ? "SQLite" : "PostgreSQL";
}

/// <summary>
/// Backup and restore throughput of a database of <see cref="BackupLoadOptions.SizeMb"/> MiB (SQLite in a fresh data
/// directory, or the PostgreSQL database given): Waymark runs in this process, takes some real events through
/// <c>/v1/batch</c>, and is then filled to size with event-shaped rows inserted straight into its tables. Each run then
/// times, one after another: the plain copy (the file, or <c>pg_dump</c>) as the baseline, each piece of a backup alone
/// (snapshot, hash, age encryption, age decryption, placing and checking a restored copy), and the whole backup,
/// verification and restore as Waymark runs them, to a directory location.
/// </summary>
internal static class BackupLoad
{
    private const string LocationName = "bench";
    private const int CopyBuffer = 1 << 20;
    private const string RestoredName = "waymark_bench_restored";

    public static async Task<int> RunAsync(BackupLoadOptions options, CancellationToken cancellationToken)
    {
        var work = options.WorkDirectory is null
            ? Directory.CreateTempSubdirectory("waymark-bench-backup-").FullName
            : Directory.CreateDirectory(options.WorkDirectory).FullName;
        var paths = new WorkPaths(work);
        try
        {
            var identity = AgeIdentity.Generate();
            var configuration = new Dictionary<string, string?>
            {
                ["Waymark:Backups:Recipients:0"] = identity.Recipient.ToString(),
                [$"Waymark:Backups:Locations:{LocationName}:Type"] = "directory",
                [$"Waymark:Backups:Locations:{LocationName}:Path"] = paths.Location,
                ["Waymark:Backups:ScratchDirectory"] = paths.Scratch,
                ["Waymark:Backups:Schedule"] = "false",
                ["Waymark:Backups:VerifyAfterBackup"] = "false",
            };
            foreach (var directory in new[] { paths.Data, paths.Scratch, paths.Location, paths.Copies })
            {
                Directory.CreateDirectory(directory);
            }

            if (options.Database is not null)
            {
                configuration["Waymark:Database"] = options.Database;
            }

            await using var waymark = await BackupHost.StartAsync(paths.Data, configuration, cancellationToken);
            var database = waymark.App.Services.GetRequiredService<WaymarkDatabase>();
            var target = new Target(database.SqliteFile, options.Database);
            var filling = Stopwatch.StartNew();
            await waymark.SeedAsync(new XorShift(options.Seed), options.SeedEvents, users: 10_000, cancellationToken);
            var rows = target.IsSqlite
                ? await SqliteFill.FillAsync(target.File!, waymark.Workspace.InternalId, (long)options.SizeMb << 20, cancellationToken)
                : await PostgresFill.FillAsync(target.Connection!, waymark.Workspace.InternalId, (long)options.SizeMb << 20, options.Seed, cancellationToken);
            var size = target.IsSqlite ? new FileInfo(target.File!).Length : await PostgresFill.DatabaseSizeAsync(target.Connection!, cancellationToken);
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"database ({target.Provider}): {size / 1048576.0:N0} MiB, {rows:N0} events ({options.SeedEvents:N0} through /v1/batch, the rest inserted directly), built in {filling.Elapsed.TotalSeconds:F0} s"));

            var runs = new List<IReadOnlyList<Measurement>>();
            for (var run = 1; run <= options.Runs; run++)
            {
                Console.Error.WriteLine($"run {run} of {options.Runs}: load average {LoadAverage()}");
                var measurements = await MeasureAsync(waymark.App.Services, paths, identity, target, cancellationToken);
                runs.Add(measurements);
                foreach (var m in measurements)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Steps.Label(m.Step, target.IsSqlite)}: {m.Seconds:F2} s, {size / 1048576.0 / m.Seconds:F0} MiB/s, CPU {m.CpuSeconds:F2} s, peak scratch {m.PeakScratchBytes / 1048576.0:F0} MiB"));
                }

                Console.Error.WriteLine($"  load average after run {run}: {LoadAverage()}");
            }

            BackupReport.Print(target, size, rows, runs);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<Measurement>> MeasureAsync(
        IServiceProvider services, WorkPaths paths, AgeIdentity identity, Target target, CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        var meter = new StepMeter(paths.Scratch);
        var copy = Path.Combine(paths.Copies, target.IsSqlite ? "copy.db" : "copy.pgdump");
        if (target.IsSqlite)
        {
            await CheckpointAsync(target.File!, cancellationToken);
            results.Add(await meter.TimeAsync(Steps.PlainCopy, () => CopyFileAsync(target.File!, copy, cancellationToken)));
            File.Delete(copy);
            results.Add(await meter.TimeAsync(Steps.StreamCopy, () => StreamCopyAsync(target.File!, copy, cancellationToken)));
        }
        else
        {
            results.Add(await meter.TimeAsync(Steps.PlainCopy, () => PostgresCommands.DumpAsync(target.Connection!, copy, cancellationToken)));
            results.Add(await meter.TimeAsync(Steps.StreamCopy, () => StreamCopyAsync(copy, copy + ".copy", cancellationToken)));
            File.Delete(copy + ".copy");
        }

        results.Add(await meter.TimeAsync(Steps.Hash, () => Waymark.Backups.Archive.BackupArchive.HashFileAsync(target.File ?? copy, cancellationToken)));

        var snapshots = services.GetRequiredService<SnapshotTaker>();
        var snapshotDirectory = Directory.CreateDirectory(Path.Combine(paths.Scratch, "snapshot")).FullName;
        DatabaseSnapshot? snapshot = null;
        results.Add(await meter.TimeAsync(Steps.Snapshot, async () => snapshot = await snapshots.TakeAsync(snapshotDirectory, cancellationToken)));
        results.Add(await meter.TimeAsync(Steps.Facts, () => target.IsSqlite
            ? snapshots.ReadSqliteFactsAsync(snapshot!.File, cancellationToken)
            : ReadFactsAsync(services, cancellationToken)));

        var encrypted = Path.Combine(paths.Copies, "snapshot.age");
        IReadOnlyCollection<AgeRecipient> recipients = [identity.Recipient];
        IReadOnlyCollection<AgeIdentity> identities = [identity];
        results.Add(await meter.TimeAsync(Steps.EncryptToNull, async () =>
        {
            await using var input = OpenRead(snapshot!.File);
            await AgeFile.EncryptAsync(input, Stream.Null, recipients, cancellationToken);
        }));
        results.Add(await meter.TimeAsync(Steps.Encrypt, async () =>
        {
            await using var input = OpenRead(snapshot!.File);
            await using var output = OpenWrite(encrypted);
            await AgeFile.EncryptAsync(input, output, recipients, cancellationToken);
            output.Flush(flushToDisk: true);
        }));
        if (AgeCli.Find() is { } age)
        {
            var byCli = Path.Combine(paths.Copies, "snapshot-cli.age");
            results.Add(await meter.TimeAsync(Steps.AgeCli, () => AgeCli.EncryptAsync(age, identity.Recipient.ToString(), snapshot!.File, byCli, cancellationToken)));
            File.Delete(byCli);
        }

        results.Add(await meter.TimeAsync(Steps.DecryptToNull, async () =>
        {
            await using var input = OpenRead(encrypted);
            await AgeFile.DecryptAsync(input, Stream.Null, identities, cancellationToken);
        }));
        var decrypted = Path.Combine(paths.Copies, "decrypted");
        results.Add(await meter.TimeAsync(Steps.Decrypt, async () =>
        {
            await using var input = OpenRead(encrypted);
            await using var output = OpenWrite(decrypted);
            await AgeFile.DecryptAsync(input, output, identities, cancellationToken);
            output.Flush(flushToDisk: true);
        }));
        File.Delete(encrypted);
        File.Delete(decrypted);

        // Only the counts, heads and schema are compared; the rest is what the backup would record.
        var manifest = new Waymark.Backups.Archive.BackupManifest
        {
            Id = "wmb_bench",
            CreatedAt = TimeProvider.System.GetUtcNow(),
            WaymarkVersion = BackupRunner.WaymarkVersion,
            Provider = snapshot!.Provider,
            DatabaseFile = snapshot.EntryName,
            DatabaseBytes = new FileInfo(snapshot.File).Length,
            DatabaseSha256 = "",
            Schema = snapshot.Facts.Schema,
            RowCounts = snapshot.Facts.RowCounts,
            AuditHeads = snapshot.Facts.AuditHeads,
            MasterKeyFingerprint = "",
            DeletionLedgerEntries = snapshot.Facts.Ledger.Count,
        };
        var restored = services.GetRequiredService<RestoredDatabase>();
        if (target.IsSqlite)
        {
            var placed = Path.Combine(paths.Copies, "placed");
            results.Add(await meter.TimeAsync(Steps.Place, () => RestoredDatabase.PlaceSqliteAsync(snapshot.File, placed, cancellationToken)));
            results.Add(await meter.TimeAsync(Steps.IntegrityCheck, () => CheckAsync(Path.Combine(placed, "waymark.db"), "integrity_check", cancellationToken)));
            results.Add(await meter.TimeAsync(Steps.QuickCheck, () => CheckAsync(Path.Combine(placed, "waymark.db"), "quick_check", cancellationToken)));
            results.Add(await meter.TimeAsync(Steps.Compare, () => restored.CompareAsync(new StorageOptions { DataDirectory = placed }, manifest, thorough: true, cancellationToken)));
            Directory.Delete(placed, recursive: true);
        }
        else
        {
            var scratchDatabase = await PostgresCommands.CreateDatabaseAsync(target.Connection!, "waymark_bench_placed", cancellationToken);
            results.Add(await meter.TimeAsync(Steps.Place, () => restored.RestorePostgresAsync(snapshot.File, scratchDatabase, cancellationToken)));
            results.Add(await meter.TimeAsync(Steps.Compare, () => restored.CompareAsync(new StorageOptions { Database = scratchDatabase }, manifest, thorough: true, cancellationToken)));
            await PostgresCommands.DropDatabaseAsync(target.Connection!, "waymark_bench_placed", cancellationToken);
        }

        Directory.Delete(snapshotDirectory, recursive: true);

        var runner = services.GetRequiredService<BackupRunner>();
        var backupPhases = new PhaseClock();
        BackupOutcome? outcome = null;
        results.Add(await meter.TimeAsync(Steps.Backup, async () => outcome = await runner.BackUpAsync(BackupStates.Cli, LocationName, backupPhases, cancellationToken), backupPhases));
        if (outcome!.State != BackupStates.Succeeded)
        {
            throw new InvalidOperationException($"The backup {outcome.State}: {outcome.Error}");
        }

        var verifier = services.GetRequiredService<BackupVerifier>();
        var verifyPhases = new PhaseClock();
        IReadOnlyList<CheckOutcome> checks = [];
        results.Add(await meter.TimeAsync(Steps.Verify, async () => checks = await verifier.VerifyAsync(outcome.BackupId, LocationName, identities, verifyPhases, cancellationToken), verifyPhases));
        if (checks.Any(c => c.Outcome != BackupStates.Passed))
        {
            throw new InvalidOperationException("The verification did not pass: " + string.Join("; ", checks.Select(c => $"{c.Outcome}: {c.Detail}")));
        }

        results.Add(await RestoreAsync(meter, paths, target, outcome.BackupId, identities, cancellationToken));

        var archived = Directory.EnumerateFiles(paths.Location, "*.age", SearchOption.AllDirectories).Single(f => !f.EndsWith(".ledger.age", StringComparison.Ordinal));
        var back = Path.Combine(paths.Copies, "back", Path.GetFileName(copy));
        Directory.CreateDirectory(Path.GetDirectoryName(back)!);
        results.Add(await meter.TimeAsync(Steps.PlainCopyBack, () => CopyFileAsync(copy, back, cancellationToken)));
        results.Add(await meter.TimeAsync(Steps.ArchiveCopy, () => CopyFileAsync(archived, Path.Combine(paths.Copies, "archive-copy.age"), cancellationToken)));

        EmptyDirectory(paths.Copies);
        EmptyDirectory(paths.Location);
        return results;
    }

    private static async Task<Waymark.Backups.Snapshots.SnapshotFacts> ReadFactsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync(cancellationToken);
        return await Waymark.Backups.Snapshots.SnapshotFacts.ReadAsync(connection, null, DatabaseProvider.Postgres, services.GetRequiredService<SchemaMigrator>(), cancellationToken);
    }

    private static void EmptyDirectory(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    /// <summary>
    /// A restore as <c>waymark restore</c> runs it: a second Waymark on a fresh data directory holding only the original's
    /// master key, restoring from the directory location; its host starts once the database is in place, as the CLI's does.
    /// </summary>
    private static async Task<Measurement> RestoreAsync(
        StepMeter meter, WorkPaths paths, Target source, string backupId, IReadOnlyCollection<AgeIdentity> identities, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(paths.Copies, "restored");
        Directory.CreateDirectory(dataDirectory);
        File.Copy(Path.Combine(paths.Data, "master.key"), Path.Combine(dataDirectory, "master.key"));
        var database = source.IsSqlite ? null : await PostgresCommands.CreateDatabaseAsync(source.Connection!, RestoredName, cancellationToken);
        var app = BackupHost.Build(dataDirectory, new Dictionary<string, string?>
        {
            ["Waymark:Database"] = database,
            [$"Waymark:Backups:Locations:{LocationName}:Type"] = "directory",
            [$"Waymark:Backups:Locations:{LocationName}:Path"] = paths.Location,
            ["Waymark:Backups:ScratchDirectory"] = paths.Scratch,
            ["Waymark:Backups:Schedule"] = "false",
        });
        try
        {
            var restore = app.Services.GetRequiredService<BackupRestore>();
            var phases = new PhaseClock();
            var hostStart = TimeSpan.Zero;
            var measurement = await meter.TimeAsync(
                Steps.Restore,
                async () =>
                {
                    var outcome = await restore.RestoreAsync(
                        new RestoreRequest(backupId, LocationName, identities, Force: false),
                        async () =>
                        {
                            var started = Stopwatch.GetTimestamp();
                            await app.StartAsync(cancellationToken);
                            hostStart = Stopwatch.GetElapsedTime(started);
                        },
                        phases,
                        cancellationToken);
                    if (outcome.BackupId != backupId)
                    {
                        throw new InvalidOperationException($"Restored {outcome.BackupId}, not {backupId}.");
                    }
                },
                phases);
            measurement.Phases.Add(("of which starting the restored host (inside \"migrating to this version\")", hostStart.TotalSeconds));
            return measurement;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                await PostgresCommands.DropDatabaseAsync(source.Connection!, RestoredName, CancellationToken.None);
            }
        }
    }

    private static async Task CheckAsync(string file, string pragma, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        if (await command.ExecuteScalarAsync(cancellationToken) is not "ok")
        {
            throw new InvalidOperationException($"The restored copy fails SQLite's {pragma}.");
        }
    }

    /// <summary>Folds the WAL into the database file first, so the file is the whole database and copies of it are complete.</summary>
    private static async Task CheckpointAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=30000; PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The plain copy an operator would make: <c>cp</c> (the kernel copies, no user-space buffer), then one fsync, as the backup syncs what it writes.</summary>
    private static Task CopyFileAsync(string source, string destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Copy(source, destination);
        using var output = new FileStream(destination, FileMode.Open, FileAccess.ReadWrite);
        output.Flush(flushToDisk: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy through user space with the backup code's own 1 MiB buffers, then one fsync.</summary>
    private static async Task StreamCopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        await using var input = OpenRead(source);
        await using var output = OpenWrite(destination);
        await input.CopyToAsync(output, CopyBuffer, cancellationToken);
        output.Flush(flushToDisk: true);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream OpenWrite(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBuffer, FileOptions.Asynchronous);

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private sealed record WorkPaths(string Root)
    {
        public string Data => Path.Combine(Root, "data");

        public string Scratch => Path.Combine(Root, "scratch");

        public string Location => Path.Combine(Root, "location");

        public string Copies => Path.Combine(Root, "copies");
    }
}
