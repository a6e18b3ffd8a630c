using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// An access review past its due date (<c>access-review.overdue</c>, workspace chain, target the campaign): access may
/// be held that nobody confirmed. Risk: likelihood 3 × impact 3 = 9 (medium).
/// </summary>
internal sealed class AccessReviewOverdueDetector : IDetector
{
    public const string Name = "access-review-overdue";

    public ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Signal?>(!entry.InWorkspace() || entry.Action != AuditActions.AccessReviewOverdue
            ? null
            : new Signal(entry.WorkspaceId, Name, "access-review:" + entry.TargetId, $"Access review {entry.TargetId} is overdue", 3, 3,
                $"Access review campaign {entry.TargetId} passed its due date without being completed"));
}
