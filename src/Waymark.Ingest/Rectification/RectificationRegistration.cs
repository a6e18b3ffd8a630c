using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Ingest.Rectification;

internal static class RectificationRegistration
{
    public static IServiceCollection AddSubjectRectification(this IServiceCollection services)
    {
        services.AddSingleton<SubjectRectifier>();
        return services;
    }
}
