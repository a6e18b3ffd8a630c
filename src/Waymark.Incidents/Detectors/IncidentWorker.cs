using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Audit.Tail;
using Waymark.Incidents.Escalation;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// The worker role's detection loop: every <see cref="IncidentOptions.PollInterval"/> it reads the audit entries
/// recorded since the last poll (<see cref="AuditTail"/>, consumer <c>incidents</c>), claims them so that of several
/// workers only one acts on them, runs every detector over each, turns signals into incidents, notifies owners of high
/// ones, and takes the escalation steps that are due.
/// </summary>
internal sealed partial class IncidentWorker(
    AuditTail tail,
    IEnumerable<IDetector> detectors,
    IncidentBook book,
    IncidentNotifier notifier,
    IncidentEscalator escalator,
    IOptions<IncidentOptions> options,
    TimeProvider clock,
    ILogger<IncidentWorker> logger) : BackgroundService
{
    public const string Consumer = "incidents";

    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
                await escalator.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Detection must outlive one bad poll (a database hiccup, an unreadable entry): the next poll goes on.
                LogPollFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await tail.ReadAsync(Consumer, BatchSize, cancellationToken);
            if (!await tail.ClaimAsync(batch, cancellationToken))
            {
                return;
            }

            foreach (var entry in batch.Entries)
            {
                foreach (var detector in detectors)
                {
                    if (await detector.InspectAsync(entry, cancellationToken) is { } signal)
                    {
                        var incident = await book.RaiseAsync(signal, cancellationToken);
                        await notifier.NotifyIfDueAsync(incident, cancellationToken);
                    }
                }
            }

            if (batch.Entries.Count < BatchSize)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident detection poll failed; retrying at the next interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
