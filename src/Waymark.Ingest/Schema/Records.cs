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
