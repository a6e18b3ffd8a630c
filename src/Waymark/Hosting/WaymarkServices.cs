using Waymark.AccessReviews;
using Waymark.Analytics;
using Waymark.Accounts;
using Waymark.Audit;
using Waymark.Backups;
using Waymark.Experiences;
using Waymark.Crypto;
using Waymark.Firewall;
using Waymark.Incidents;
using Waymark.Ingest;
using Waymark.Jobs;
using Waymark.Segments;
using Waymark.StaffAccess;
using Waymark.Storage;
using Waymark.Workspaces;

namespace Waymark.Hosting;

/// <summary>The services every process needs, whatever its role: storage, keys, the audit log, workspaces, accounts, the job queue and every feature's schema.</summary>
internal static class WaymarkServices
{
    public static IServiceCollection AddWaymarkCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkStorage();
        services.AddWaymarkCrypto();
        services.AddWaymarkAudit();
        services.AddWaymarkWorkspaces();
        services.AddWaymarkAccounts();
        services.AddIngestSchema();
        services.AddWaymarkJobs();
        services.AddWaymarkDataSubjects();
        services.AddWaymarkFirewall();
        services.AddWaymarkIncidents();
        services.AddWaymarkStaffAccess();
        services.AddWaymarkAccessReviews();
        services.AddWaymarkBackups();
        services.AddWaymarkExperiences();
        services.AddWaymarkSegments();
        services.AddWaymarkAnalytics();
        return services;
    }
}
