using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Guessing of second-factor codes for one account: <c>Detectors:MfaBruteForce:Count</c> wrong authenticator or
/// recovery codes (default 5) within <c>Window</c> (default 15 min). Whoever types codes already has the password, so
/// the likelihood is high. Reads workspace chains, and the instance chain for operators (<see cref="AccountChains"/>). Risk: likelihood 5 × impact 4 = 20 (critical).
/// </summary>
internal sealed class MfaBruteForceDetector(AuditWindow window, AccountChains chains, IOptions<IncidentOptions> options) : IDetector
{
    public const string Name = "mfa-brute-force";

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (entry.Action != AuditActions.SignInFailed || entry.TargetType != "account" || entry.TargetId is not { } account || !Counts(entry)
            || !await chains.CountsAsync(entry, account, cancellationToken))
        {
            return null;
        }

        var threshold = options.Value.Detectors.MfaBruteForce;
        var failures = (await window.UpToAsync(entry, new AuditFilter(Action: AuditActions.SignInFailed, TargetId: account), threshold.Window, cancellationToken))
            .Count(e => e.TargetType == "account" && Counts(e));
        return failures == threshold.Count
            ? new Signal(entry.WorkspaceId, Name, "account:" + account, $"Second-factor code guessing on account {account}", 5, 4,
                $"{EntryFacts.Text(failures)} wrong authenticator or recovery codes for account {account} within {EntryFacts.Minutes(threshold.Window)} (last from {entry.SourceIp ?? "unknown address"})")
            : null;
    }

    private static bool Counts(AuditEntryView entry) =>
        entry.Detail("method") is "totp" or "recovery-code" && entry.Detail("reason") is "wrong-code" or "locked-out";
}
