using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Audit.Chain;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Verification;

/// <summary>
/// Recomputes every audit chain on start and every <see cref="IncidentOptions.AuditVerificationInterval"/>. A break is
/// recorded (<c>audit.verification-failed</c>, instance chain, the broken workspace and seq only) and raised as a
/// critical incident directly, in the instance and in the broken workspace, and notified at once: whoever altered the
/// log could also alter what is read from it, so the alarm does not wait for the audit tail.
/// Risk: likelihood 4 × impact 5 = 20 (critical).
/// </summary>
internal sealed partial class ScheduledChainVerification(
    AuditChainVerifier verifier,
    IAuditLog audit,
    IncidentBook book,
    IncidentNotifier notifier,
    IOptions<IncidentOptions> options,
    TimeProvider clock,
    ILogger<ScheduledChainVerification> logger) : BackgroundService
{
    public const string Name = "audit-chain-broken";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AuditVerificationInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Verifies every chain; answers the break found, if any.</summary>
    internal async Task<AuditChainBreak?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var result = await verifier.VerifyAsync(null, null, null, cancellationToken);
        if (result.Break is not { } broken)
        {
            return null;
        }

        var workspace = broken.WorkspaceId.ToString(CultureInfo.InvariantCulture);
        var seq = broken.Seq.ToString(CultureInfo.InvariantCulture);
        LogBroken(logger, broken.WorkspaceId, broken.Seq);
        await audit.RecordAsync(new AuditEvent(AuditEvent.InstanceChain, AuditActions.AuditVerificationFailed, AuditActor.System, AuditOutcome.Failure, "audit-chain", workspace, Details: new Dictionary<string, string>
        {
            ["workspace"] = workspace,
            ["seq"] = seq,
        }), cancellationToken);
        var affected = broken.WorkspaceId == AuditEvent.InstanceChain ? [AuditEvent.InstanceChain] : new[] { AuditEvent.InstanceChain, broken.WorkspaceId };
        foreach (var target in affected)
        {
            var incident = await book.RaiseAsync(
                new Signal(target, Name, "chain:" + workspace, $"Audit chain of workspace {workspace} is broken", 4, 5, $"Verification found the chain of workspace {workspace} broken at seq {seq}: {broken.Problem}"),
                cancellationToken);
            await notifier.NotifyIfDueAsync(incident, cancellationToken);
        }

        return broken;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit chain of workspace {WorkspaceId} is broken at seq {Seq}")]
    private static partial void LogBroken(ILogger logger, long workspaceId, long seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled audit-chain verification failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
