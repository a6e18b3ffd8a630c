using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
            var pending = await PendingOfAsync(schema, cancellationToken);
            if (pending.Count == 0)
            {
                continue;
            }

            await using var context = schema.CreateContext(database);
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
            pending.AddRange((await PendingOfAsync(schema, cancellationToken)).Select(m => $"{schema.Name}:{m}"));
        }

        return pending;
    }

    /// <summary>Each feature's newest migration compiled into this build, for the database in use.</summary>
    public IReadOnlyDictionary<string, string?> LatestKnown() =>
        schemas.ToDictionary(s => s.Name, s => KnownOf(s).LastOrDefault(), StringComparer.Ordinal);

    /// <summary>Whether this build knows <paramref name="migrationId"/> of <paramref name="feature"/>: a database migrated past it came from a newer Waymark.</summary>
    public bool Knows(string feature, string migrationId) =>
        schemas.FirstOrDefault(s => s.Name == feature) is { } schema && KnownOf(schema).Contains(migrationId, StringComparer.Ordinal);

    /// <summary>
    /// Each feature's newest applied migration as recorded in the database behind <paramref name="connection"/> (which
    /// need not be the configured one: a snapshot being backed up or restored); null for a feature never migrated there.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT MAX(\"MigrationId\") FROM \"{schema.HistoryTable}\"";
            try
            {
                applied[schema.Name] = await command.ExecuteScalarAsync(cancellationToken) as string;
            }
            catch (DbException) when (transaction is null)
            {
                applied[schema.Name] = null;
            }
        }

        return applied;
    }

    private List<string> KnownOf(FeatureSchema schema)
    {
        var contextType = schema.ContextTypeFor(database.Provider);
        return contextType.Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Compares the migrations compiled into the feature with the rows of its history table. EF Core's own check
    /// builds every context's model first (most of a second for three features), which would make every start slow
    /// even though migrations are pending only after an upgrade.
    /// </summary>
    private async Task<IReadOnlyList<string>> PendingOfAsync(FeatureSchema schema, CancellationToken cancellationToken)
    {
        var known = KnownOf(schema);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"MigrationId\" FROM \"{schema.HistoryTable}\"";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (DbException)
        {
            return known;
        }

        return known.Where(id => !applied.Contains(id)).ToList();
    }
}
