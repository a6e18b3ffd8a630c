using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// A flood of unknown keys from one address (someone guessing keys, or a client with a mistyped one in a loop):
/// <c>Detectors:InvalidKeyFlood:Count</c> requests (default 100) within <c>Window</c> (default 10 min). Unknown keys are
/// audited in the instance chain at most once per address per minute, each entry counting the refusals since the one
/// before, so the count is the sum of those. Opens an instance incident. Risk: likelihood 3 × impact 3 = 9 (medium).
/// </summary>
internal sealed class InvalidKeyFloodDetector(AuditWindow window, IOptions<IncidentOptions> options) : IDetector
{
    public const string Name = "invalid-key-flood";

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (entry.InWorkspace() || !IsUnknownKey(entry) || entry.SourceIp is not { } address)
        {
            return null;
        }

        var threshold = options.Value.Detectors.InvalidKeyFlood;
        var entries = (await window.UpToAsync(entry, new AuditFilter(Action: AuditActions.KeyUseDenied, SourceIp: address), threshold.Window, cancellationToken))
            .Where(IsUnknownKey).ToList();
        var now = entries.Sum(Requests);
        var before = now - Requests(entry);
        return now >= threshold.Count && before < threshold.Count
            ? new Signal(entry.WorkspaceId, Name, "address:" + address, $"Flood of unknown keys from {address}", 3, 3,
                $"{now} requests with unknown keys from {address} within {EntryFacts.Minutes(threshold.Window)}")
            : null;
    }

    private static bool IsUnknownKey(AuditEntryView entry) => entry.Action == AuditActions.KeyUseDenied && entry.Detail("reason") == "unknown";

    private static long Requests(AuditEntryView entry) => 1 + entry.Number("refused_since_last_entry", 0);
}
