using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Mass export or mass deletion of data subjects in a workspace: the subjects exported (<c>data.exported</c>, one per
/// entry; a job's download is not counted again) or deleted (<c>data.deleted</c>, its <c>subjects</c> count) in the
/// trailing hour rise above max(<c>Floor</c>, <c>Factor</c> × the workspace's mean hourly volume over the 30 days before
/// that hour), under <c>Detectors:MassExport</c> and <c>Detectors:MassDeletion</c> (defaults 100 and 10). It fires
/// once as the volume crosses the line. Risk: likelihood 3 × impact 5 = 15 (high).
/// </summary>
internal sealed class MassDataDetector : IDetector
{
    private static readonly TimeSpan Trailing = TimeSpan.FromHours(1);
    private static readonly TimeSpan History = TimeSpan.FromDays(30);

    private readonly AuditWindow _window;
    private readonly Func<VolumeThreshold> _threshold;
    private readonly string _action;
    private readonly string _name;
    private readonly string _verb;
    private readonly string _noun;

    // The 30-day baseline moves slowly: computed once per workspace and hour rather than for every entry.
    private readonly ConcurrentDictionary<(long Workspace, long Hour), double> _baselines = new();

    private MassDataDetector(AuditWindow window, Func<VolumeThreshold> threshold, string action, string name, string verb, string noun)
    {
        _noun = noun;
        _window = window;
        _threshold = threshold;
        _action = action;
        _name = name;
        _verb = verb;
    }

    public static MassDataDetector Exports(AuditWindow window, IOptions<IncidentOptions> options) =>
        new(window, () => options.Value.Detectors.MassExport, AuditActions.SubjectExported, "mass-export", "exported", "export");

    public static MassDataDetector Deletions(AuditWindow window, IOptions<IncidentOptions> options) =>
        new(window, () => options.Value.Detectors.MassDeletion, AuditActions.SubjectDeleted, "mass-deletion", "deleted", "deletion");

    public async ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken)
    {
        if (!entry.InWorkspace() || entry.Action != _action || entry.Outcome != AuditOutcome.Success || Subjects(entry) == 0)
        {
            return null;
        }

        var filter = new AuditFilter(Action: _action, Outcome: AuditOutcome.Success);
        var now = (await _window.UpToAsync(entry, filter, Trailing, cancellationToken)).Sum(Subjects);
        var before = now - Subjects(entry);
        var threshold = _threshold();
        var mean = await MeanHourlyAsync(entry, filter, cancellationToken);
        var limit = Math.Max(threshold.Floor, threshold.Factor * mean);
        return now > limit && before <= limit
            ? new Signal(entry.WorkspaceId, _name, "workspace", $"Mass {_noun} of data subjects", 3, 5,
                $"{now} subjects {_verb} in the last hour, above {limit.ToString("0.#", CultureInfo.InvariantCulture)} (mean {mean.ToString("0.##", CultureInfo.InvariantCulture)} per hour over 30 days); last by {AuditNames.Of(entry.Actor.Kind)} {entry.Actor.Id}")
            : null;
    }

    private async Task<double> MeanHourlyAsync(AuditEntryView entry, AuditFilter filter, CancellationToken cancellationToken)
    {
        var hour = entry.Time.ToUnixTimeMilliseconds() / (long)TimeSpan.FromHours(1).TotalMilliseconds;
        if (_baselines.TryGetValue((entry.WorkspaceId, hour), out var cached))
        {
            return cached;
        }

        var end = entry.Time - Trailing;
        var total = (await _window.BetweenAsync(entry.WorkspaceId, filter, end - History, end, cancellationToken)).Sum(Subjects);
        var mean = total / History.TotalHours;
        if (_baselines.Count > 10_000)
        {
            _baselines.Clear();
        }

        _baselines[(entry.WorkspaceId, hour)] = mean;
        return mean;
    }

    private long Subjects(AuditEntryView entry) =>
        _action == AuditActions.SubjectDeleted ? entry.Number("subjects", 0) : entry.Detail("delivery") == "download" ? 0 : 1;
}
