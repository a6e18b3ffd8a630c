using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Storage;

namespace Waymark.Experiences.Progress;

/// <summary>
/// How users are getting on with one flow, checklist or survey, counted from <c>content_progress</c> (and, for checklist tasks
/// that complete on an event, from the daily event counts). Counts of users only, never who.
/// </summary>
internal sealed class ProgressReport(WaymarkDatabase database, ContentStore store)
{
    public async Task<ProgressSummary?> ForAsync(long workspaceId, string contentId, CancellationToken cancellationToken)
    {
        var detail = await store.GetAsync(workspaceId, contentId, null, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var users = new List<(byte[] Subject, int MaxStep, bool Completed, bool Dismissed)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT subject_hash, max_step, completed_at, dismissed_at FROM content_progress WHERE workspace_id = @w AND content_id = @c";
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@c", contentId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(((byte[])reader.GetValue(0), reader.GetInt32(1), !reader.IsDBNull(2), !reader.IsDBNull(3)));
            }
        }

        var shown = users.Count;
        var dismissed = users.Count(u => u.Dismissed && !u.Completed);
        if (ContentKinds.OfId(contentId) == ContentKind.Flow)
        {
            var flow = detail.Definition.Deserialize<FlowDefinition>(DefinitionReader.Json)!;
            var steps = flow.Steps.Select((s, i) => new StepProgress(i, s.Id, s.Title, users.Count(u => u.MaxStep >= i))).ToList();
            return new ProgressSummary(contentId, shown, users.Count(u => u.Completed), dismissed, steps, null);
        }

        if (ContentKinds.OfId(contentId) == ContentKind.Survey)
        {
            return new ProgressSummary(contentId, shown, users.Count(u => u.Completed), dismissed, null, null);
        }

        var checklist = detail.Definition.Deserialize<ChecklistDefinition>(DefinitionReader.Json)!;
        var seen = users.Select(u => Convert.ToHexString(u.Subject)).ToHashSet(StringComparer.Ordinal);
        var doneByTask = new List<HashSet<string>>();
        foreach (var task in checklist.Tasks)
        {
            var done = task.CompletesOn.Type == "event"
                ? await SubjectsAsync(connection, "SELECT DISTINCT subject_hash FROM event_counts WHERE workspace_id = @w AND name = @n", workspaceId, task.CompletesOn.Event!, cancellationToken)
                : await SubjectsAsync(connection, "SELECT subject_hash FROM content_progress WHERE workspace_id = @w AND content_id = @n AND completed_at IS NOT NULL", workspaceId, task.CompletesOn.FlowId!, cancellationToken);
            done.IntersectWith(seen);
            doneByTask.Add(done);
        }

        var completed = seen.Count(s => doneByTask.All(d => d.Contains(s)));
        var tasks = checklist.Tasks.Select((t, i) => new TaskProgress(t.Id, t.Title, doneByTask[i].Count)).ToList();
        return new ProgressSummary(contentId, shown, completed, dismissed, null, tasks);
    }

    private static async Task<HashSet<string>> SubjectsAsync(System.Data.Common.DbConnection connection, string sql, long workspaceId, string name, CancellationToken cancellationToken)
    {
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@n", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects.Add(Convert.ToHexString((byte[])reader.GetValue(0)));
        }

        return subjects;
    }
}

internal sealed record ProgressSummary(
    [property: JsonPropertyName("content_id")] string ContentId,
    [property: JsonPropertyName("users_shown")] int UsersShown,
    [property: JsonPropertyName("users_completed")] int UsersCompleted,
    [property: JsonPropertyName("users_dismissed")] int UsersDismissed,
    [property: JsonPropertyName("steps")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StepProgress>? Steps,
    [property: JsonPropertyName("tasks")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TaskProgress>? Tasks);

internal sealed record StepProgress(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("users_reached")] int UsersReached);

internal sealed record TaskProgress(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("users_done")] int UsersDone);
