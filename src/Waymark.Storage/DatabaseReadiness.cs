using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Waymark.Storage;

/// <summary>Ready only while the database answers a trivial query.</summary>
internal sealed class DatabaseReadiness(WaymarkDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The {database.Provider} database is unreachable ({exception.GetType().Name}).");
        }
    }
}
