using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Password brute force against one account: <c>Detectors:PasswordBruteForce:Count</c> failed password sign-ins
/// (default 10, wrong passwords and attempts refused while locked) within <c>Window</c> (default 15 min), or an
/// account lockout (<c>signin.locked-out</c> with scope account). Reads workspace chains, so each workspace the account
/// belongs to gets one incident, and the instance chain for operators (<see cref="AccountChains"/>). Risk: likelihood 4 × impact 4 = 16 (high).
/// </summary>
internal sealed class PasswordBruteForceDetector(AuditWindow window, AccountChains chains, IOptions<IncidentOptions> options) : IDetector
{
    public const string Name = "password-brute-force";

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (entry.TargetType != "account" || entry.TargetId is not { } account || entry.Detail("method") != "password"
            || entry.Action is not (AuditActions.SignInLockedOut or AuditActions.SignInFailed) || !await chains.CountsAsync(entry, account, cancellationToken))
        {
            return null;
        }

        if (entry.Action == AuditActions.SignInLockedOut && entry.Detail("scope") == "account")
        {
            return Raise(entry, account, $"Account {account} locked out after {entry.Detail("failures") ?? "repeated"} failed sign-ins (last from {entry.SourceIp ?? "unknown address"})");
        }

        if (entry.Action != AuditActions.SignInFailed || !Counts(entry))
        {
            return null;
        }

        var threshold = options.Value.Detectors.PasswordBruteForce;
        var failures = (await window.UpToAsync(entry, new AuditFilter(Action: AuditActions.SignInFailed, TargetId: account), threshold.Window, cancellationToken))
            .Count(e => e.TargetType == "account" && e.Detail("method") == "password" && Counts(e));
        return failures == threshold.Count
            ? Raise(entry, account, $"{EntryFacts.Text(failures)} failed password sign-ins for account {account} within {EntryFacts.Minutes(threshold.Window)} (last from {entry.SourceIp ?? "unknown address"})")
            : null;
    }

    private static bool Counts(AuditEntryView entry) => entry.Detail("reason") is "wrong-password" or "locked-out";

    private static Signal Raise(AuditEntryView entry, string account, string summary) =>
        new(entry.WorkspaceId, Name, "account:" + account, $"Password brute force against account {account}", 4, 4, summary);
}
