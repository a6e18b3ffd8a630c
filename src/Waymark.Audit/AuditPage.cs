namespace Waymark.Audit;

/// <summary>One page of entries, newest first; <see cref="NextCursor"/> fetches the next (older) page, null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, string? NextCursor);
