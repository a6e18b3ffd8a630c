using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Schema;
using Waymark.Experiences.Surveys;

namespace Waymark.Experiences.Decision;

/// <summary>
/// Each workspace's live content per environment, kept in memory. Every <see cref="Freshness"/> one cheap query asks
/// whether the workspace's content revision moved; only then is the content read and parsed again. Publishing on any
/// node therefore reaches every node within that time.
/// </summary>
internal sealed class LiveContentCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(long Workspace, string Environment), Entry> _entries = new();
    private readonly ExperienceContexts _contexts;
    private readonly ContentRevisions _revisions;
    private readonly TimeProvider _clock;
    private readonly JsonSerializerOptions _answerJson;

    public LiveContentCache(ExperienceContexts contexts, ContentRevisions revisions, TimeProvider clock, IOptions<JsonOptions> answerJson)
    {
        _answerJson = answerJson.Value.SerializerOptions;
        _contexts = contexts;
        _revisions = revisions;
        _clock = clock;
        revisions.Bumped += workspaceId =>
        {
            _entries.TryRemove((workspaceId, Environments.Production), out _);
            _entries.TryRemove((workspaceId, Environments.Staging), out _);
        };
    }

    public async ValueTask<LiveContent> GetAsync(long workspaceId, string environment, CancellationToken cancellationToken)
    {
        var now = _clock.GetTimestamp();
        var key = (workspaceId, environment);
        if (_entries.TryGetValue(key, out var entry) && _clock.GetElapsedTime(entry.CheckedAt, now) < Freshness)
        {
            return entry.Content;
        }

        var revision = await _revisions.CurrentAsync(workspaceId, cancellationToken);
        if (entry is not null && entry.Revision == revision)
        {
            _entries[key] = entry with { CheckedAt = now };
            return entry.Content;
        }

        var content = await LoadAsync(workspaceId, environment, cancellationToken);
        _entries[key] = new Entry(revision, now, content);
        return content;
    }

    private async Task<LiveContent> LoadAsync(long workspaceId, string environment, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        var production = environment == Environments.Production;
        var items = await db.Content.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.ArchivedAt == null && (production ? c.ProductionVersion != null : c.StagingVersion != null))
            .ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return LiveContent.Empty;
        }

        var ids = items.Select(i => i.Id).ToList();
        var versions = await db.Versions.AsNoTracking().Where(v => ids.Contains(v.ContentId)).ToListAsync(cancellationToken);
        var flows = new List<LiveFlow>();
        var checklists = new List<LiveChecklist>();
        var surveys = new List<LiveSurvey>();
        foreach (var item in items)
        {
            var version = (production ? item.ProductionVersion : item.StagingVersion)!.Value;
            var publishedAt = (production ? item.ProductionPublishedAt : item.StagingPublishedAt) ?? item.UpdatedAt;
            var stored = versions.Single(v => v.ContentId == item.Id && v.Version == version);
            if (item.Kind == (int)ContentKind.Flow)
            {
                var flow = JsonSerializer.Deserialize<FlowDefinition>(stored.Definition, DefinitionReader.Json)!;
                var view = new FlowView(item.Id, version, flow.Name, flow.Targeting.Trigger, flow.Steps);
                flows.Add(new LiveFlow(item.Id, version, publishedAt, flow, new PreparedFlow(JsonSerializer.SerializeToUtf8Bytes(view, _answerJson))));
            }
            else if (item.Kind == (int)ContentKind.Survey)
            {
                surveys.Add(new LiveSurvey(item.Id, version, publishedAt, JsonSerializer.Deserialize<SurveyDefinition>(stored.Definition, DefinitionReader.Json)!));
            }
            else
            {
                checklists.Add(new LiveChecklist(item.Id, version, publishedAt, JsonSerializer.Deserialize<ChecklistDefinition>(stored.Definition, DefinitionReader.Json)!));
            }
        }

        return new LiveContent(
            [.. flows.OrderByDescending(f => f.Targeting.Priority).ThenBy(f => f.PublishedAt)],
            [.. checklists.OrderByDescending(c => c.Targeting.Priority).ThenBy(c => c.PublishedAt)],
            [.. surveys.OrderByDescending(s => s.Targeting.Priority).ThenBy(s => s.PublishedAt)]);
    }

    private sealed record Entry(long Revision, long CheckedAt, LiveContent Content);
}
