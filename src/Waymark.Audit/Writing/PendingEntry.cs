using Waymark.Audit.Chain;

namespace Waymark.Audit.Writing;

/// <summary>An event accepted by <see cref="AuditLog"/>, waiting for the writer to give it a place in its chain.</summary>
internal sealed class PendingEntry(
    long workspaceId,
    long time,
    string actorKind,
    string? actorId,
    string action,
    string? targetType,
    string? targetId,
    string outcome,
    string? sourceIp,
    string? requestId,
    string? details)
{
    public long WorkspaceId { get; } = workspaceId;

    /// <summary>Completed once the entry is committed, or with the exception that prevented it.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The stored entry at the position after <paramref name="head"/>.</summary>
    public AuditRecord LinkTo(ChainHead head)
    {
        var record = new AuditRecord(WorkspaceId, head.Seq + 1, time, actorKind, actorId, action, targetType, targetId, outcome, sourceIp, requestId, details, head.Hash, []);
        return record with { Hash = AuditHash.Compute(record) };
    }

    /// <summary>Links <paramref name="entries"/> in order onto their chains' <paramref name="heads"/>, which are moved to the new ends.</summary>
    public static AuditRecord[] LinkAll(IReadOnlyList<PendingEntry> entries, Dictionary<long, ChainHead> heads)
    {
        var records = new AuditRecord[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var record = entries[i].LinkTo(heads[entries[i].WorkspaceId]);
            heads[record.WorkspaceId] = new ChainHead(record.Seq, record.Hash);
            records[i] = record;
        }

        return records;
    }
}
