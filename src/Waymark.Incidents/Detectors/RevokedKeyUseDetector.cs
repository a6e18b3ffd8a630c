using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Use of a revoked or expired key of the workspace (<c>key.use-denied</c>): the key may have leaked, or an old
/// deployment still holds it. Entries are spaced per key, so a client in a loop adds a timeline line every few
/// seconds, not an incident per request. Risk: likelihood 3 × impact 4 = 12 (medium).
/// </summary>
internal sealed class RevokedKeyUseDetector : IDetector
{
    public const string Name = "revoked-key-use";

    public ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (!entry.InWorkspace() || entry.Action != AuditActions.KeyUseDenied || entry.TargetId is not { } key || entry.Detail("reason") is not ("revoked" or "expired"))
        {
            return ValueTask.FromResult<Signal?>(null);
        }

        var refused = 1 + entry.Number("refused_since_last_entry", 0);
        return ValueTask.FromResult<Signal?>(new Signal(entry.WorkspaceId, Name, "key:" + key, $"Use of {entry.Detail("reason")} key {key}", 3, 4,
            $"{refused} request(s) with {entry.Detail("reason")} key {key} from {entry.SourceIp ?? "unknown address"}"));
    }
}
