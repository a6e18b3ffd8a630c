namespace Waymark.Backups.Schema;

/// <summary>One backup run: asked for (queued) or scheduled, then running with its progress, then its outcome.</summary>
internal sealed class RunRow
{
    public long Id { get; set; }

    public string BackupId { get; set; } = "";

    /// <summary><c>schedule</c>, <c>cli</c> or <c>dashboard</c>.</summary>
    public string Trigger { get; set; } = "";

    /// <summary>The daily slot (Unix ms) a scheduled run is for; unique, so two workers never both take one day's backup.</summary>
    public long? ScheduledFor { get; set; }

    public string State { get; set; } = "";

    public string Phase { get; set; } = "";

    public long BytesDone { get; set; }

    public long BytesTotal { get; set; }

    public long Size { get; set; }

    public string? Sha256 { get; set; }

    public long TotalRows { get; set; }

    public string? Error { get; set; }

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? FinishedAt { get; set; }

    /// <summary>Refreshed while the run works; a running row whose heartbeat stops was left by a worker that died.</summary>
    public long HeartbeatAt { get; set; }
}

/// <summary>What happened to one backup at one location.</summary>
internal sealed class CopyRow
{
    public long Id { get; set; }

    public string BackupId { get; set; } = "";

    public string Location { get; set; } = "";

    /// <summary><c>stored</c> or <c>failed</c>.</summary>
    public string State { get; set; } = "";

    public string? Error { get; set; }

    public long FinishedAt { get; set; }
}

/// <summary>One verification of one stored copy: downloaded, decrypted, restored into a scratch database and compared with its manifest.</summary>
internal sealed class CheckRow
{
    public long Id { get; set; }

    public string BackupId { get; set; } = "";

    public string Location { get; set; } = "";

    /// <summary><c>passed</c>, <c>failed</c>, or <c>intact</c> (the stored file matched its hash but no identity was at hand to restore it).</summary>
    public string Outcome { get; set; } = "";

    public string? Detail { get; set; }

    public long CheckedAt { get; set; }

    public long DurationMs { get; set; }
}
