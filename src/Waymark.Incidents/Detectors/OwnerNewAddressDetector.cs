using Microsoft.Extensions.Options;
using Waymark.Accounts.Members;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// An owner signing in from an address not seen before: a successful sign-in in a workspace chain by an account whose
/// role there is owner, from an address absent from that account's successful sign-ins of the last
/// <c>Detectors:OwnerAddressMemory</c> (default 90 days), when it has earlier ones (a first sign-in is not news).
/// Risk: likelihood 2 × impact 5 = 10 (medium).
/// </summary>
internal sealed class OwnerNewAddressDetector(AuditWindow window, MemberDirectory members, IOptions<IncidentOptions> options) : IDetector
{
    public const string Name = "owner-new-address";

    private const string OwnerRole = "owner";

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (!entry.InWorkspace() || entry.Action != AuditActions.SignInSucceeded || entry.TargetId is not { } account || entry.SourceIp is not { } address)
        {
            return null;
        }

        var (role, _, _) = await members.PermissionsOfAsync(account, entry.WorkspaceId, cancellationToken);
        if (role != OwnerRole)
        {
            return null;
        }

        var memory = new AuditFilter(Action: AuditActions.SignInSucceeded, TargetId: account, From: entry.Time - options.Value.Detectors.OwnerAddressMemory, To: entry.Time);
        if (await window.CountAsync(entry.WorkspaceId, memory, cancellationToken) == 0
            || await window.CountAsync(entry.WorkspaceId, memory with { SourceIp = address }, cancellationToken) > 0)
        {
            return null;
        }

        return new Signal(entry.WorkspaceId, Name, "account:" + account, $"Owner {account} signed in from a new address", 2, 5,
            $"Owner account {account} signed in from {address}, not seen in its sign-ins of the last {(int)options.Value.Detectors.OwnerAddressMemory.TotalDays} days");
    }
}
