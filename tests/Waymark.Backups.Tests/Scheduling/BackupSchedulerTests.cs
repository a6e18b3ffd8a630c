using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.Backups.Running;

namespace Waymark.Backups.Tests.Scheduling;

/// <summary>The worker's daily backup: one per day at the configured time, checked by restoring it, pruned by the retention rules.</summary>
public abstract class BackupSchedulerTests(string provider)
{
    [Fact]
    public async Task Schedule_TakesEachDaysBackupOnce_VerifiesItByRestoring_AndPrunesByRetention()
    {
        await using var server = await ScheduledServer.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["Waymark:Backups:Retention:Daily"] = "2",
            ["Waymark:Backups:Retention:Weekly"] = "1",
            ["Waymark:Backups:Retention:Monthly"] = "1",
        });
        var scheduler = server.Scheduler();
        var history = server.Server.Services.GetRequiredService<BackupHistory>();

        // Monday 4 to Friday 8 March 2030: one ISO week, one month, so only the daily rule decides what stays.
        var monday = ScheduledServer.At("2030-03-04T03:00:00Z");
        server.MoveTo(monday);
        await scheduler.RunOnceAsync(CancellationToken.None);
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Single(server.StoredBackups());
        for (var day = 1; day <= 4; day++)
        {
            server.MoveTo(monday.AddDays(day));
            await scheduler.RunOnceAsync(CancellationToken.None);
        }

        var runs = (await history.ListAsync(50, CancellationToken.None)).Where(r => r.Trigger == BackupStates.Schedule).ToList();
        Assert.Equal(5, runs.Count);
        Assert.All(runs, r => Assert.Equal(BackupStates.Succeeded, r.State));
        Assert.All(runs, r => Assert.Equal(BackupStates.Passed, Assert.Single(r.Checks).Outcome));
        Assert.Equal(runs.Take(2).Select(r => r.BackupId).Order(StringComparer.Ordinal), server.StoredBackups());
        var audit = server.Server.Services.GetRequiredService<AuditQuery>();
        Assert.Equal(5, (await audit.StreamAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.BackupVerified)).ToListAsync()).Count);
        Assert.NotEmpty(await audit.StreamAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.BackupPruned)).ToListAsync());
    }

    [Fact]
    public async Task Schedule_AfterDaysWithoutAWorker_TakesOneBackupNotOneForEachMissedDay()
    {
        await using var server = await ScheduledServer.StartAsync(provider, settings: new Dictionary<string, string?> { ["Waymark:Backups:VerifyAfterBackup"] = "false" });
        var scheduler = server.Scheduler();
        server.MoveTo(ScheduledServer.At("2030-05-01T12:00:00Z"));
        await scheduler.RunOnceAsync(CancellationToken.None);

        server.MoveTo(ScheduledServer.At("2030-05-05T01:00:00Z"));
        await scheduler.RunOnceAsync(CancellationToken.None);
        await scheduler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, server.StoredBackups().Count);
    }

    [Fact]
    public async Task QueuedBackup_IsTakenByTheNextTick_AndASecondRequestWhileItWaitsIsRefused()
    {
        await using var server = await ScheduledServer.StartAsync(provider, settings: new Dictionary<string, string?> { ["Waymark:Backups:Schedule"] = "false" });
        var queue = server.Server.Services.GetRequiredService<BackupQueue>();
        var history = server.Server.Services.GetRequiredService<BackupHistory>();

        var queued = await queue.QueueAsync(BackupStates.Dashboard, CancellationToken.None);
        var again = await queue.QueueAsync(BackupStates.Dashboard, CancellationToken.None);
        Assert.Equal(BackupStates.Queued, (await history.FindAsync(queued.Value!, CancellationToken.None))!.State);
        Assert.Equal("backup-in-progress", again.Refusal?.Type);

        await server.Scheduler().RunOnceAsync(CancellationToken.None);

        var run = (await history.FindAsync(queued.Value!, CancellationToken.None))!;
        Assert.Equal(BackupStates.Succeeded, run.State);
        Assert.Equal(BackupStates.Dashboard, run.Trigger);
        Assert.Equal([queued.Value!], server.StoredBackups());
        Assert.Single(await history.ListAsync(10, CancellationToken.None));
    }
}

public sealed class SqliteBackupSchedulerTests() : BackupSchedulerTests("sqlite");

public sealed class PostgresBackupSchedulerTests() : BackupSchedulerTests("postgres");
