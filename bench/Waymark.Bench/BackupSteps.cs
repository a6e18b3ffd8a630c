using System.Diagnostics;
using System.Globalization;
using Waymark.Backups.Running;

namespace Waymark.Bench;

/// <summary>The steps <c>waymark-bench backup</c> times, in the order of its results table.</summary>
internal static class Steps
{
    public const string PlainCopy = "(a) plain copy of the database file: cp + fsync";
    public const string StreamCopy = "(a) plain copy through 1 MiB buffers + fsync";
    public const string Hash = "SHA-256 of the database file (the manifest's hash)";
    public const string Snapshot = "(b) snapshot alone: SnapshotTaker (VACUUM INTO + facts)";
    public const string Facts = "facts of the snapshot alone (row counts, audit heads, ledger)";
    public const string EncryptToNull = "age encryption of the snapshot to /dev/null (CPU only)";
    public const string Encrypt = "(c) age encryption of the snapshot to a file + fsync";
    public const string AgeCli = "the same with the age CLI (Go reference implementation) + fsync";
    public const string DecryptToNull = "age decryption to /dev/null (CPU only)";
    public const string Decrypt = "(g) age decryption to a file + fsync";
    public const string Place = "placing a restored file: PlaceSqliteAsync (copy + fsync)";
    public const string IntegrityCheck = "PRAGMA integrity_check of a restored copy alone";
    public const string QuickCheck = "PRAGMA quick_check of a restored copy alone (for comparison)";
    public const string Compare = "comparing a restored copy with its manifest (integrity_check, counts, chains)";
    public const string Backup = "(d) whole backup: BackupRunner to one directory location";
    public const string Verify = "(e) whole verification: BackupVerifier";
    public const string Restore = "(f) whole restore: BackupRestore into a fresh data directory";
    public const string PlainCopyBack = "(f) plain copy back into a fresh directory: cp + fsync";
    public const string ArchiveCopy = "plain copy of the encrypted archive: cp + fsync";

    private static readonly Dictionary<string, string> Postgres = new(StringComparer.Ordinal)
    {
        [PlainCopy] = "(a) plain copy: pg_dump alone (custom format, uncompressed, synced)",
        [StreamCopy] = "copy of that dump file through 1 MiB buffers + fsync",
        [Hash] = "SHA-256 of the dump (the manifest's hash)",
        [Snapshot] = "(b) snapshot alone: SnapshotTaker (facts + pg_dump --snapshot)",
        [Facts] = "facts alone (row counts, audit heads, ledger)",
        [Place] = "(f) plain restore: pg_restore of the dump into an empty database",
        [Compare] = "comparing a restored copy with its manifest (counts, chains)",
        [PlainCopyBack] = "copy of the dump file: cp + fsync",
    };

    /// <summary>What a step is called for the database measured.</summary>
    public static string Label(string step, bool sqlite) => !sqlite && Postgres.TryGetValue(step, out var label) ? label : step;

    public static readonly string[] Order =
    [
        PlainCopy, StreamCopy, Hash, Snapshot, Facts, EncryptToNull, Encrypt, AgeCli, DecryptToNull, Decrypt, Place, IntegrityCheck, QuickCheck, Compare,
        Backup, Verify, Restore, PlainCopyBack, ArchiveCopy,
    ];
}

/// <summary>One timed step: wall and CPU time of this process, the most the scratch folder held, bytes this process caused to be written to disk, and the phases Waymark reported.</summary>
internal sealed record Measurement(string Step, double Seconds, double CpuSeconds, long PeakScratchBytes, long DiskWrittenBytes, List<(string Phase, double Seconds)> Phases);

/// <summary>Times steps one after another while sampling the size of the scratch folder every 20 ms.</summary>
internal sealed class StepMeter(string scratch)
{
    public async Task<Measurement> TimeAsync(string step, Func<Task> work, PhaseClock? phases = null)
    {
        await SyncAsync();
        using var stop = new CancellationTokenSource();
        var peak = 0L;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, SizeOf(scratch));
                try
                {
                    await Task.Delay(20, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var written = DiskWrittenBytes();
        var started = Stopwatch.GetTimestamp();
        phases?.Start();
        await work();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        phases?.Finish();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var diskWritten = DiskWrittenBytes() - written;
        await stop.CancelAsync();
        await sampler;
        return new Measurement(step, seconds, cpuSeconds, peak, diskWritten, phases?.Phases ?? []);
    }

    /// <summary>
    /// Writes out what earlier steps left dirty in the page cache (VACUUM INTO and downloads do not fsync), so that
    /// their write-back does not land inside the next step's fsync.
    /// </summary>
    private static async Task SyncAsync()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        if (sync is not null)
        {
            await sync.WaitForExitAsync();
        }
    }

    private static long SizeOf(string directory)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                    // Deleted while being counted.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // A scratch folder removed while being counted.
        }

        return total;
    }

    /// <summary>Bytes this process caused to be sent to the storage layer (Linux /proc/self/io write_bytes); 0 elsewhere.</summary>
    private static long DiskWrittenBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(12).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}

/// <summary>Turns the phases a backup, verification or restore reports into how long each took.</summary>
internal sealed class PhaseClock : IProgress<BackupProgress>
{
    private const string First = "before the first phase reported";
    private readonly Lock _gate = new();
    private string _phase = First;
    private long _since;

    public List<(string Phase, double Seconds)> Phases { get; } = [];

    public void Start()
    {
        _phase = First;
        _since = Stopwatch.GetTimestamp();
    }

    public void Report(BackupProgress value)
    {
        lock (_gate)
        {
            if (value.Phase != _phase)
            {
                Close();
                _phase = value.Phase;
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private void Close()
    {
        var now = Stopwatch.GetTimestamp();
        Phases.Add((_phase, Stopwatch.GetElapsedTime(_since, now).TotalSeconds));
        _since = now;
    }
}
