using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.Retention;

/// <summary>
/// Reads and changes how long a workspace keeps its events. The API, the dashboard and the command line all change it
/// here, so each change is validated and audited the same way.
/// </summary>
internal sealed class RetentionSettings(WaymarkDatabase database, IAuditLog audit, TimeProvider clock)
{
    public const int MinDays = 1;

    /// <summary>Ten years: longer is "keep forever" in all but name.</summary>
    public const int MaxDays = 3650;

    public static bool IsValidDays(int days) => days is >= MinDays and <= MaxDays;

    public async Task<EventRetention> GetAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT days, last_run_at FROM event_retention WHERE workspace_id = @w";
        command.AddParameter("@w", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new EventRetention(null, null);
        }

        return new EventRetention(reader.GetInt32(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    /// <summary>Keeps events for <paramref name="days"/> days, or forever when null; audited with the old and new setting.</summary>
    public async Task<Outcome<EventRetention>> SetAsync(Caller caller, long workspaceId, int? days, CancellationToken cancellationToken)
    {
        if (days is { } value && !IsValidDays(value))
        {
            return Refusal.Invalid("invalid-retention", "Invalid retention", $"Keep events for {MinDays} to {MaxDays} days, or send null to keep them forever.");
        }

        if (!caller.Has(Permissions.SettingsManage))
        {
            return Refusal.Forbidden("Changing event retention needs the settings:manage permission.");
        }

        int? old;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var select = Command(connection, transaction, "SELECT days FROM event_retention WHERE workspace_id = @w"
                + (database.Provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "")))
            {
                select.AddParameter("@w", workspaceId);
                old = await select.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull ? Convert.ToInt32(found, CultureInfo.InvariantCulture) : null;
            }

            // A new or changed setting keeps when the last purge ran, so the next one still comes a day after it.
            await using var change = Command(connection, transaction, days is null
                ? "DELETE FROM event_retention WHERE workspace_id = @w"
                : """
                  INSERT INTO event_retention (workspace_id, days, updated_at, last_run_at) VALUES (@w, @d, @t, NULL)
                  ON CONFLICT (workspace_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at
                  """);
            change.AddParameter("@w", workspaceId);
            if (days is not null)
            {
                change.AddParameter("@d", days.Value);
                change.AddParameter("@t", clock.GetUtcNow().ToUnixTimeMilliseconds());
            }

            await change.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.RetentionChanged, AuditOutcome.Success, "retention", null, new Dictionary<string, string>
        {
            ["old_days"] = Describe(old),
            ["new_days"] = Describe(days),
        }), CancellationToken.None);
        return await GetAsync(workspaceId, cancellationToken);
    }

    /// <summary>Days as the audit log shows them: a number, or "forever".</summary>
    private static string Describe(int? days) => days?.ToString(CultureInfo.InvariantCulture) ?? "forever";

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
