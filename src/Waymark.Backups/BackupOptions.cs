using Waymark.Backups.Locations;

namespace Waymark.Backups;

/// <summary>
/// Bound from <c>Waymark:Backups</c>. Backups run once <see cref="Recipients"/> (or <see cref="RecipientsFile"/>) and at
/// least one of <see cref="Locations"/> are set; until then the worker says so at start and the dashboard shows how.
/// </summary>
public sealed class BackupOptions
{
    public const string Section = "Waymark:Backups";

    /// <summary>age X25519 recipients (<c>age1…</c>) every backup is encrypted to; each one's identity can decrypt it alone.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>A recipients file as <c>age -R</c> reads it (one <c>age1…</c> per line, <c>#</c> comments).</summary>
    public string? RecipientsFile { get; set; }

    /// <summary>
    /// The identity file (<c>AGE-SECRET-KEY-1…</c>) the worker uses to verify backups by restoring them. Keep it off the
    /// backup locations; without it the scheduled check can only confirm that each stored copy is intact, not that it restores.
    /// </summary>
    public string? IdentityFile { get; set; }

    /// <summary>Where backups go, by name; every location receives every backup.</summary>
    public Dictionary<string, BackupLocationOptions> Locations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>False stops the daily schedule (manual <c>waymark backup</c> still works).</summary>
    public bool Schedule { get; set; } = true;

    /// <summary>Time of day (UTC) of the daily backup.</summary>
    public TimeSpan DailyAt { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the worker looks whether a backup is due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Restore each scheduled backup into a scratch database and compare it with its manifest.</summary>
    public bool VerifyAfterBackup { get; set; } = true;

    public BackupRetentionOptions Retention { get; set; } = new();

    /// <summary>
    /// Folder for the temporary snapshot, archive and restore checks (about twice the database's size at peak);
    /// empty means the system's temporary folder.
    /// </summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>PostgreSQL only: the folder holding <c>pg_dump</c> and <c>pg_restore</c>; empty means the newest under <c>/usr/lib/postgresql</c>, else PATH.</summary>
    public string? PostgresBinDirectory { get; set; }
}

/// <summary>How many backups each location keeps: the newest of each of the last N days, N weeks and N months (grandfather-father-son).</summary>
public sealed class BackupRetentionOptions
{
    public int Daily { get; set; } = 7;

    public int Weekly { get; set; } = 4;

    public int Monthly { get; set; } = 12;
}
