namespace Waymark.Audit.Writing;

/// <summary>Appends a group of entries to their chains in one transaction.</summary>
internal interface IAuditStore
{
    Task AppendAsync(IReadOnlyList<PendingEntry> entries, CancellationToken cancellationToken);
}
