using Waymark.Experiences.Definitions;
using Waymark.Segments.Catalog;
using Waymark.Segments.Evaluation;

namespace Waymark.Experiences.Decision;

/// <summary>
/// Decides what one user sees on one page now: live content whose dates hold, whose pages match, whose segment the
/// user is in and whose frequency allows it given the user's progress. Reads the user's stored state once (traits,
/// companies, the event counts the segments and tasks mention, progress) and evaluates everything in memory.
/// </summary>
internal sealed class ContentDecider(LiveContentCache live, SegmentCatalog segments, SubjectStateLoader states, TimeProvider clock)
{
    private const int MaxWatchEvents = 50;

    public async Task<ContentAnswer> DecideAsync(long workspaceId, byte[] subjectHash, string path, string environment, string? triggerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var content = await live.GetAsync(workspaceId, environment, cancellationToken);
        if (triggerId is not null)
        {
            var asked = content.Flows.FirstOrDefault(f => string.Equals(f.Id, triggerId, StringComparison.Ordinal) && f.Targeting.IsLive(now));
            var askedSurvey = content.Surveys.FirstOrDefault(s => string.Equals(s.Id, triggerId, StringComparison.Ordinal) && s.Targeting.IsLive(now));
            return new ContentAnswer(asked is null ? [] : [asked.View], [], askedSurvey is null ? [] : [askedSurvey.View], []);
        }

        var candidates = content.Flows.Where(f => f.Targeting.Trigger.Type != "manual" && f.Targeting.IsLive(now) && f.Targeting.IsOnPage(path)).ToList();
        var lists = content.Checklists.Where(c => c.Targeting.IsLive(now) && c.Targeting.IsOnPage(path)).ToList();
        var surveyCandidates = content.Surveys.Where(s => s.Targeting.Trigger.Type != "manual" && s.Targeting.IsLive(now) && s.Targeting.IsOnPage(path)).ToList();
        if (candidates.Count == 0 && lists.Count == 0 && surveyCandidates.Count == 0)
        {
            return new ContentAnswer([], [], [], []);
        }

        var catalog = await segments.GetAsync(workspaceId, cancellationToken);
        var eventNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var targeting in candidates.Select(f => f.Targeting).Concat(lists.Select(c => c.Targeting)).Concat(surveyCandidates.Select(s => s.Targeting)))
        {
            if (targeting.SegmentId is { } id && catalog.TryGetValue(id, out var segment))
            {
                eventNames.UnionWith(segment.EventNames);
            }
        }

        var segmentEvents = eventNames.ToList();
        foreach (var task in lists.SelectMany(c => c.Definition.Tasks))
        {
            if (task.CompletesOn.Event is { } name)
            {
                eventNames.Add(name);
            }
        }

        var progress = new UserProgressRead();
        var state = await states.LoadAsync(workspaceId, subjectHash, eventNames, progress.Read, cancellationToken);
        var progressById = progress.Progress;

        var flows = new List<PreparedFlow>();
        foreach (var flow in candidates)
        {
            if (InSegment(flow.Targeting, catalog, state, now) && FrequencyAllows(flow.Targeting.Frequency, progressById.GetValueOrDefault(flow.Id), now))
            {
                flows.Add(flow.View);
            }
        }

        // One survey at a time is enough to ask; a user is never shown a queue of them.
        var survey = surveyCandidates.FirstOrDefault(s => InSegment(s.Targeting, catalog, state, now) && FrequencyAllows(s.Targeting.Frequency, progressById.GetValueOrDefault(s.Id), now));

        var checklists = new List<ChecklistView>();
        var watch = new HashSet<string>(segmentEvents, StringComparer.Ordinal);
        foreach (var list in lists)
        {
            if (progressById.GetValueOrDefault(list.Id).Dismissed || !InSegment(list.Targeting, catalog, state, now))
            {
                continue;
            }

            var tasks = list.Definition.Tasks.Select(t => new TaskView(t.Id, t.Title, t.Description, IsDone(t, state, progressById, now), t.Action)).ToList();
            var done = tasks.Count(t => t.Done);
            if (done == tasks.Count)
            {
                continue;
            }

            checklists.Add(new ChecklistView(list.Id, list.Version, list.Definition.Title, tasks, done, tasks.Count));
            foreach (var task in list.Definition.Tasks)
            {
                if (task.CompletesOn.Event is { } name)
                {
                    watch.Add(name);
                }
            }
        }

        return new ContentAnswer(flows, checklists, survey is null ? [] : [survey.View], watch.Count <= MaxWatchEvents ? watch : watch.Take(MaxWatchEvents).ToList());
    }

    /// <summary>No segment means everyone; a segment that no longer exists or no longer parses matches nobody.</summary>
    private static bool InSegment(Targeting targeting, IReadOnlyDictionary<string, CatalogSegment> catalog, SubjectState state, DateTimeOffset now) =>
        targeting.SegmentId is not { } id || (catalog.TryGetValue(id, out var segment) && SegmentEvaluator.Matches(segment, state, now));

    private static bool FrequencyAllows(Frequency frequency, UserProgress progress, DateTimeOffset now)
    {
        if (progress.TimesShown == 0 && !progress.Completed && !progress.Dismissed)
        {
            return true;
        }

        var cooledDown = now.ToUnixTimeMilliseconds() - progress.LastSeenAt >= frequency.CooldownMinutes * 60_000L;
        return frequency.Type switch
        {
            "once" => false,
            "until_completed" => !progress.Completed && cooledDown,
            _ => cooledDown,
        };
    }

    private static bool IsDone(ChecklistTask task, SubjectState state, IReadOnlyDictionary<string, UserProgress> progress, DateTimeOffset now) =>
        task.CompletesOn.Event is { } name
            ? state.CountEvents(name, null, now) > 0
            : task.CompletesOn.FlowId is { } flowId && progress.GetValueOrDefault(flowId).Completed;
}
