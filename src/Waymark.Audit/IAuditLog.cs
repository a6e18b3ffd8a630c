namespace Waymark.Audit;

/// <summary>
/// Appends to the tamper-evident audit log. Entries from many callers are committed together in one transaction
/// (group commit); the returned task completes once the entry is durable, so a caller that awaits it never
/// acknowledges an action whose audit entry could still be lost.
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
