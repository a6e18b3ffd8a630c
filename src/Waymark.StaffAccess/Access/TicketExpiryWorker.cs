using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.StaffAccess.Tickets;

namespace Waymark.StaffAccess.Access;

/// <summary>
/// The worker role's sweep: records the end of tickets whose window closed while their operator made no request, so
/// the owners' pages and audit log say "ended" without waiting for someone to look. Access itself never waits for
/// it: the middleware compares the window with the clock on every request.
/// </summary>
internal sealed partial class TicketExpiryWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<StaffAccessOptions> options, ILogger<TicketExpiryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TicketStore>().ExpireDueAsync(null, stoppingToken);
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
            {
                // The next tick tries again; the end is only recorded later, access already stopped.
                LogSweepFailed(logger, e, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Support ticket expiry sweep failed; retrying in {Interval}")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, TimeSpan interval);
}
