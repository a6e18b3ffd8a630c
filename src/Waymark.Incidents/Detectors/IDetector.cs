using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Looks at one audit entry at a time, in chain order, and answers the signals it gives rise to. A detector reads the
/// one chain that makes one attack one incident per affected workspace: sign-in entries are copied to the instance
/// chain and to every workspace chain of the account, so a detector about an account reads the workspace chains and a
/// detector about an address across accounts reads the instance chain.
/// </summary>
internal interface IDetector
{
    ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken);
}
