using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Waymark.Storage;

/// <summary>Applies every feature's pending migrations (<c>waymark migrate</c>, and <c>serve</c> on the embedded default).</summary>
public sealed class SchemaMigrator(WaymarkDatabase database, IEnumerable<FeatureSchema> schemas, ILogger<SchemaMigrator> logger)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var applied = 0;
        foreach (var schema in schemas)
        {
            await using var context = schema.CreateContext(database);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                continue;
            }

            await context.Database.MigrateAsync(cancellationToken);
            applied += pending.Count;
            logger.LogInformation("Applied {Count} migration(s) to the {Schema} schema on {Provider}", pending.Count, schema.Name, database.Provider);
        }

        return applied;
    }

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = new List<string>();
        foreach (var schema in schemas)
        {
            await using var context = schema.CreateContext(database);
            pending.AddRange((await context.Database.GetPendingMigrationsAsync(cancellationToken)).Select(m => $"{schema.Name}:{m}"));
        }

        return pending;
    }
}
