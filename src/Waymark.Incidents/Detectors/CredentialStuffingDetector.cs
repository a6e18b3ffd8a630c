using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Credential stuffing: failed password sign-ins from one address across <c>Detectors:CredentialStuffing:Count</c>
/// distinct accounts (default 5) within <c>Window</c> (default 15 min). Failures for unknown addresses carry no
/// account, so each counts as one more account. Reads the instance chain only (the one place every failure lands
/// once) and opens an instance incident. Risk: likelihood 4 × impact 4 = 16 (high).
/// </summary>
internal sealed class CredentialStuffingDetector(AuditWindow window, IOptions<IncidentOptions> options) : IDetector
{
    public const string Name = "credential-stuffing";

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (entry.InWorkspace() || entry.Action != AuditActions.SignInFailed || entry.SourceIp is not { } address || !Counts(entry))
        {
            return null;
        }

        var threshold = options.Value.Detectors.CredentialStuffing;
        var failures = (await window.UpToAsync(entry, new AuditFilter(Action: AuditActions.SignInFailed, SourceIp: address), threshold.Window, cancellationToken))
            .Where(Counts).ToList();
        var before = Accounts(failures.Where(e => e.Seq != entry.Seq));
        var now = Accounts(failures);
        return now >= threshold.Count && before < threshold.Count
            ? new Signal(entry.WorkspaceId, Name, "address:" + address, $"Credential stuffing from {address}", 4, 4,
                $"Failed password sign-ins for {EntryFacts.Text(now)} different accounts from {address} within {EntryFacts.Minutes(threshold.Window)}")
            : null;
    }

    private static int Accounts(IEnumerable<AuditEntryView> failures)
    {
        var list = failures.ToList();
        return list.Where(e => e.TargetId is not null).Select(e => e.TargetId).Distinct(StringComparer.Ordinal).Count() + list.Count(e => e.TargetId is null);
    }

    private static bool Counts(AuditEntryView entry) =>
        entry.Detail("method") == "password" && entry.Detail("reason") is "wrong-password" or "unknown-account";
}
