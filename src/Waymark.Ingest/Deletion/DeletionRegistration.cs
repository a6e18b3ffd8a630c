using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Jobs;
using Waymark.Storage;

namespace Waymark.Ingest.Deletion;

internal static class DeletionRegistration
{
    public static IServiceCollection AddSubjectDeletion(this IServiceCollection services)
    {
        services.AddSingleton<SubjectDeletion>();
        services.AddSingleton(sp => new DeletionLedger(sp.GetRequiredService<WaymarkDatabase>(), sp.GetRequiredService<SubjectDeletion>()));
        foreach (var kind in new[] { SubjectKind.User, SubjectKind.Company })
        {
            services.AddSingleton<IJobHandler>(sp => new SubjectPurgeHandler(kind, sp.GetRequiredService<WaymarkDatabase>(), sp.GetRequiredService<IAuditLog>(), [.. sp.GetServices<ISubjectRowsOwner>()]));
        }

        return services;
    }
}
