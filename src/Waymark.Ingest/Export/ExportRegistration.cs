using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Crypto.Keys;
using Waymark.Jobs;

namespace Waymark.Ingest.Export;

internal static class ExportRegistration
{
    public static IServiceCollection AddSubjectExport(this IServiceCollection services)
    {
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section)
            .Validate(o => o.InlineMaxEvents >= 0 && o.Lifetime > TimeSpan.Zero && o.ChunkBytes >= 4096, "Waymark:Exports needs a non-negative InlineMaxEvents, a positive Lifetime and ChunkBytes of at least 4096.")
            .ValidateOnStart();
        services.TryAddSingleton<ExportEventSource>();
        services.TryAddSingleton<ExportStore>();
        services.TryAddSingleton<SubjectExporter>();
        foreach (var kind in new[] { SubjectKind.User, SubjectKind.Company })
        {
            services.AddSingleton<IJobHandler>(sp => new ExportJobHandler(kind, sp.GetRequiredService<SubjectExporter>()));
        }

        return services;
    }

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapExportRoutes();
        return routes;
    }
}
