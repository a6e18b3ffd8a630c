using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Writing;

/// <summary>One event ready to insert: already classified and sealed, so the writer only writes.</summary>
internal sealed class EventRow
{
    public required long WorkspaceId { get; init; }

    /// <summary>The deduplication key; null for calls without a client message id (they cannot be retried as the same message).</summary>
    public required long? MessageKey { get; init; }

    public required byte[] SubjectHash { get; init; }

    public byte[]? CompanyHash { get; init; }

    public required byte Type { get; init; }

    public string? Name { get; init; }

    public required long Timestamp { get; init; }

    public required long ReceivedAt { get; init; }

    public string? PublicData { get; init; }

    public required byte[] SealedData { get; init; }

    public byte[]? SealedPhi { get; init; }
}

/// <summary>A change to a user's or company's traits, merged into the stored profile inside the write transaction.</summary>
internal sealed class ProfileChange
{
    public required SubjectKind Kind { get; init; }

    public required long WorkspaceId { get; init; }

    public required SubjectKey Key { get; init; }

    public required byte[] SealedId { get; init; }

    public required JsonObject PublicTraits { get; init; }

    public required JsonObject PersonalTraits { get; init; }

    public required JsonObject PhiTraits { get; init; }

    public required IReadOnlyList<(string TraitKey, byte[] Term)> BlindTerms { get; init; }

    public required long Timestamp { get; init; }

    /// <summary>For a company: the user who joined it with this call.</summary>
    public byte[]? MemberHash { get; init; }

    /// <summary>For a company: whether this change came from a group event (and counts toward its events).</summary>
    public bool CountsAsEvent { get; init; }

    /// <summary>Set by the writer when the call that carried this change turned out to be a duplicate.</summary>
    public long? MessageKey { get; init; }
}

/// <summary>What became of a request's events: stored, duplicates of stored ones, or dropped because their subject was deleted.</summary>
internal readonly record struct WriteOutcome(int Stored, int Duplicates, int Suppressed);

/// <summary>The rows of one HTTP request; acknowledged when <see cref="Completion"/> completes, after the commit.</summary>
internal sealed class WriteRequest(List<EventRow> events, List<ProfileChange> profiles)
{
    public List<EventRow> Events { get; } = events;

    public List<ProfileChange> Profiles { get; } = profiles;

    public int Size => Math.Max(1, Events.Count + Profiles.Count);

    public TaskCompletionSource<WriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
