namespace Waymark.Ingest.Schema;

internal sealed class EventRecord
{
    public long Seq { get; set; }

    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public byte[]? CompanyHash { get; set; }

    public int Type { get; set; }

    public string? Name { get; set; }

    public long Timestamp { get; set; }

    public long ReceivedAt { get; set; }

    public string? PublicData { get; set; }

    public byte[] SealedData { get; set; } = [];

    public byte[]? SealedPhi { get; set; }
}

internal sealed class EventIdRecord
{
    public long WorkspaceId { get; set; }

    public long MessageKey { get; set; }
}

internal sealed class UserRecord
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public int Kind { get; set; }

    public byte[] SealedId { get; set; } = [];

    public string? PublicTraits { get; set; }

    public byte[]? SealedTraits { get; set; }

    public byte[]? SealedPhiTraits { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class CompanyRecord
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public byte[] SealedId { get; set; } = [];

    public string? PublicTraits { get; set; }

    public byte[]? SealedTraits { get; set; }

    public byte[]? SealedPhiTraits { get; set; }

    public long FirstSeen { get; set; }

    public long LastSeen { get; set; }

    public long EventCount { get; set; }
}

internal sealed class MembershipRecord
{
    public long WorkspaceId { get; set; }

    public byte[] UserHash { get; set; } = [];

    public byte[] CompanyHash { get; set; } = [];

    public long CreatedAt { get; set; }
}

internal sealed class BlindIndexRecord
{
    public long WorkspaceId { get; set; }

    public byte[] Term { get; set; } = [];

    public byte[] SubjectHash { get; set; } = [];

    public string TraitKey { get; set; } = "";
}

/// <summary>A deleted subject whose later events are dropped (and counted) until it is unsuppressed.</summary>
internal sealed class SuppressionRecord
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public int Kind { get; set; }

    public long SuppressedAt { get; set; }

    public long DroppedEvents { get; set; }
}

/// <summary>
/// One accepted deletion, kept for good: only the subject's keyed hash, so that a restored backup can have every
/// deletion made since applied again.
/// </summary>
internal sealed class DeletionLedgerRecord
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public int Kind { get; set; }

    public long DeletedAt { get; set; }

    public string JobId { get; set; } = "";
}

/// <summary>A finished export of one subject, kept until it expires; its content sits in sealed chunks.</summary>
internal sealed class SubjectExportRecord
{
    public string ExportId { get; set; } = "";

    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public int Kind { get; set; }

    public string Format { get; set; } = "";

    public string JobId { get; set; } = "";

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public long SizeBytes { get; set; }
}

/// <summary>A piece of an export's content, sealed under the subject's key (so deleting the subject shreds it too).</summary>
internal sealed class SubjectExportChunkRecord
{
    public string ExportId { get; set; } = "";

    public int Seq { get; set; }

    public byte[] SealedContent { get; set; } = [];
}

/// <summary>A workspace's event retention: events older than <see cref="Days"/> are purged once a day.</summary>
internal sealed class EventRetentionRecord
{
    public long WorkspaceId { get; set; }

    public int Days { get; set; }

    public long UpdatedAt { get; set; }

    /// <summary>When the last daily purge was started; claiming a run moves it, so one worker of many runs it.</summary>
    public long? LastRunAt { get; set; }
}

/// <summary>
/// How often one subject did one named event on one UTC day, kept by the writer in the same transaction as the events,
/// so that "did X at least N times in the last D days" is answered from a few small rows instead of the event log.
/// </summary>
internal sealed class EventCountRecord
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public string Name { get; set; } = "";

    /// <summary>Days since 1970-01-01 (UTC) of the events counted.</summary>
    public int Day { get; set; }

    public long Count { get; set; }

    /// <summary>The latest event timestamp counted (Unix milliseconds).</summary>
    public long LastAt { get; set; }
}

/// <summary>
/// A workspace's identity verification: when enabled, a browser (write-key) call that names a user must carry that
/// user's signature, made by the customer's backend with this secret (sealed with Data Protection).
/// </summary>
internal sealed class IdentityVerificationRecord
{
    public long WorkspaceId { get; set; }

    public bool Enabled { get; set; }

    public byte[]? SealedSecret { get; set; }

    public long UpdatedAt { get; set; }
}
