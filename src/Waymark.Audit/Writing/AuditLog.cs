using System.Text;
using Waymark.Audit.Chain;

namespace Waymark.Audit.Writing;

/// <summary>
/// Checks an event, queues it for the writer and waits until it is committed. The caller's cancellation applies
/// only while waiting for room in the queue: once queued, the entry is written, and the task reports how that went.
/// </summary>
internal sealed class AuditLog(AuditQueue queue, AuditWriter writer, TimeProvider clock) : IAuditLog
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var entry = Prepare(auditEvent, clock.GetUtcNow().ToUnixTimeMilliseconds());
        writer.EnsureStarted();
        await queue.EnqueueAsync(entry, cancellationToken);
        await entry.Completion.Task;
    }

    internal static PendingEntry Prepare(AuditEvent auditEvent, long time)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(auditEvent.Actor, nameof(auditEvent.Actor));
        if (auditEvent.WorkspaceId < 0)
        {
            throw new ArgumentException("The workspace id is 0 (the instance chain) or a workspace's internal id.", nameof(auditEvent));
        }

        Check(auditEvent.Action, AuditLimits.Action, "action", required: true);
        Check(auditEvent.Actor.Id, AuditLimits.Id, "actor id");
        Check(auditEvent.TargetType, AuditLimits.TargetType, "target type");
        Check(auditEvent.TargetId, AuditLimits.Id, "target id");
        Check(auditEvent.SourceIp, AuditLimits.SourceIp, "source IP");
        Check(auditEvent.RequestId, AuditLimits.RequestId, "request id");
        foreach (var (key, value) in auditEvent.Details ?? new Dictionary<string, string>())
        {
            Check(key, AuditLimits.DetailsJson, "details key", required: true);
            Check(value, AuditLimits.DetailsJson, "details value");
        }

        var details = AuditHash.CanonicalDetails(auditEvent.Details);
        if (details is not null && details.Length > AuditLimits.DetailsJson)
        {
            throw new ArgumentException($"An audit event's details are at most {AuditLimits.DetailsJson} characters of JSON.", nameof(auditEvent));
        }

        return new PendingEntry(
            auditEvent.WorkspaceId,
            time,
            AuditNames.Of(auditEvent.Actor.Kind),
            auditEvent.Actor.Id,
            auditEvent.Action,
            auditEvent.TargetType,
            auditEvent.TargetId,
            AuditNames.Of(auditEvent.Outcome),
            auditEvent.SourceIp,
            auditEvent.RequestId,
            details);
    }

    private static void Check(string? value, int maxLength, string what, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                throw new ArgumentException($"An audit event needs a {what}.");
            }

            return;
        }

        if ((required && value.Length == 0) || value.Length > maxLength)
        {
            throw new ArgumentException(required ? $"An audit event's {what} is 1 to {maxLength} characters." : $"An audit event's {what} is at most {maxLength} characters.");
        }

        // A lone surrogate has no UTF-8 form: stored and hashed as U+FFFD, two different values would look alike.
        if (value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            try
            {
                StrictUtf8.GetByteCount(value);
            }
            catch (EncoderFallbackException)
            {
                throw new ArgumentException($"An audit event's {what} is not valid Unicode text.");
            }
        }
    }
}
