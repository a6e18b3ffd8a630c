using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Waymark.Ingest.Writing;

/// <summary>Not ready while the write queue is nearly full, so a load balancer sends traffic elsewhere.</summary>
internal sealed class IngestReadiness(IngestQueue queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(queue.Saturated
            ? HealthCheckResult.Unhealthy("The ingest queue is nearly full.")
            : HealthCheckResult.Healthy());
}
