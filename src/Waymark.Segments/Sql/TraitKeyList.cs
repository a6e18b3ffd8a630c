using System.Text.Json;
using Waymark.Segments.Rules;
using Waymark.Storage;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Segments.Sql;

/// <summary>One key the segment editor can offer, with its data class and the operators that class allows.</summary>
internal sealed record TraitKeyInfo(string Key, TraitScope Scope, DataClass Class, IReadOnlyList<string> Ops);

/// <summary>
/// The keys a segment can use: every key classified explicitly (for users and companies) and every key seen in the
/// public traits of the most recently updated users and companies (a sample, so the list stays cheap).
/// </summary>
internal sealed class TraitKeyList(WaymarkDatabase database, DataClassStore classes)
{
    public const int SampleRows = 1_000;

    public async Task<IReadOnlyList<TraitKeyInfo>> ListAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var map = await classes.GetAsync(workspaceId, cancellationToken);
        var keys = new SortedSet<(string Key, TraitScope Scope)>();
        foreach (var key in map.Explicit.Keys)
        {
            keys.Add((key, TraitScope.User));
            keys.Add((key, TraitScope.Company));
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        foreach (var (table, scope, order) in new[] { ("users", TraitScope.User, "updated_at"), ("companies", TraitScope.Company, "last_seen") })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT public_traits FROM {table} WHERE workspace_id = @w AND public_traits IS NOT NULL ORDER BY {order} DESC LIMIT @n";
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@n", SampleRows);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                using var document = JsonDocument.Parse(reader.GetString(0));
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        keys.Add((property.Name, scope));
                    }
                }
            }
        }

        return keys.Select(k => Describe(k.Key, k.Scope, map.Classify(k.Key))).ToList();
    }

    private static TraitKeyInfo Describe(string key, TraitScope scope, DataClass dataClass) => new(key, scope, dataClass, dataClass switch
    {
        DataClass.Public => RuleWords.TraitOps,
        DataClass.Personal when scope == TraitScope.User => RuleWords.PersonalOps,
        _ => [],
    });
}
