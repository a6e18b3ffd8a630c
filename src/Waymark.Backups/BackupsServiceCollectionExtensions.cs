using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Backups.Encryption;
using Waymark.Backups.Http;
using Waymark.Backups.Locations;
using Waymark.Backups.Restoring;
using Waymark.Backups.Retention;
using Waymark.Backups.Running;
using Waymark.Backups.Schema;
using Waymark.Backups.Scheduling;
using Waymark.Backups.Snapshots;
using Waymark.Backups.Verification;
using Waymark.Storage;

namespace Waymark.Backups;

/// <summary>
/// Backups and disaster recovery: consistent snapshots encrypted with age to the operator's recipients, stored at every
/// configured location, checked by restoring them, pruned by retention rules, and restored with the deletion ledger replayed.
/// </summary>
public static class BackupsServiceCollectionExtensions
{
    /// <summary>The backup history's tables and the services the CLI and dashboard use; every role registers them.</summary>
    public static IServiceCollection AddWaymarkBackups(this IServiceCollection services)
    {
        services.AddFeatureSchema(BackupContexts.Schema);
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Waymark:Backups:PollInterval must be positive.")
            .Validate(o => o.DailyAt >= TimeSpan.Zero && o.DailyAt < TimeSpan.FromDays(1), "Waymark:Backups:DailyAt must be a time of day (00:00 to 23:59).")
            .Validate(o => o.Retention.Daily >= 1 && o.Retention.Weekly >= 0 && o.Retention.Monthly >= 0, "Waymark:Backups:Retention needs Daily of at least 1 and Weekly and Monthly of at least 0.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<BackupMetrics>();
        services.TryAddSingleton<BackupContexts>();
        services.TryAddSingleton<BackupHistory>();
        services.TryAddSingleton<BackupRecipients>();
        services.TryAddSingleton<BackupLocations>();
        services.TryAddSingleton<PostgresTools>();
        services.TryAddSingleton<SnapshotTaker>();
        services.TryAddSingleton<BackupRunner>();
        services.TryAddSingleton<BackupQueue>();
        services.TryAddSingleton<RestoredDatabase>();
        services.TryAddSingleton<BackupVerifier>();
        services.TryAddSingleton<BackupRestore>();
        services.TryAddSingleton<RetentionPruner>();
        services.TryAddSingleton<BackupStatus>();
        return services;
    }

    /// <summary>The daily schedule, queued runs, verification after each backup and retention (worker role).</summary>
    public static IServiceCollection AddWaymarkBackupWorker(this IServiceCollection services)
    {
        services.TryAddSingleton<BackupScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<BackupScheduler>());
        return services;
    }

    /// <summary><c>/instance/backups…</c>.</summary>
    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder routes) => routes.MapBackupApi();
}
