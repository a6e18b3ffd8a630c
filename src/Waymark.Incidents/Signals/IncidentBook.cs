using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Incidents.Schema;
using Waymark.Workspaces.Callers;

namespace Waymark.Incidents.Signals;

/// <summary>
/// Incidents and their timelines: turns signals into incidents (a signal joins the unresolved incident of its
/// grouping key, or opens one), and moves incidents through open → acknowledged → resolved. Every change is audited
/// with ids only; a resolve note is stored, never audited.
/// </summary>
internal sealed class IncidentBook(IncidentsContexts contexts, IAuditLog audit, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public const int MaxNoteLength = 2000;

    /// <summary>Adds <paramref name="signal"/> to its incident, opening one when none is unresolved; answers the incident.</summary>
    public async Task<IncidentRow> RaiseAsync(Signal signal, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Incidents
            .Where(i => i.WorkspaceId == signal.WorkspaceId && i.GroupingKey == signal.GroupingKey && i.State != IncidentStates.Resolved)
            .OrderByDescending(i => i.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var opened = row is null;
        if (row is null)
        {
            row = new IncidentRow
            {
                WorkspaceId = signal.WorkspaceId,
                GroupingKey = signal.GroupingKey,
                Detector = signal.Detector,
                Title = signal.Title,
                State = IncidentStates.Open,
                OpenedAt = now,
            };
            db.Incidents.Add(row);
        }

        var before = row.Severity;
        row.Score = Math.Max(row.Score, signal.Score);
        row.Severity = Severity.Of(row.Score);
        row.SignalCount++;
        row.LastSignalAt = now;
        await db.SaveChangesAsync(cancellationToken);
        db.Events.Add(new IncidentEventRow { IncidentId = row.Id, At = now, Kind = TimelineKinds.Signal, Score = signal.Score, Summary = Clip(signal.Summary) });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var details = new Dictionary<string, string>
        {
            ["detector"] = signal.Detector,
            ["score"] = signal.Score.ToString(CultureInfo.InvariantCulture),
            ["severity"] = row.Severity,
        };
        if (opened)
        {
            await audit.RecordAsync(new AuditEvent(row.WorkspaceId, AuditActions.IncidentOpened, AuditActor.System, AuditOutcome.Success, "incident", Id(row), Details: details), cancellationToken);
        }
        else if (before != row.Severity)
        {
            details["severity_before"] = before;
            await audit.RecordAsync(new AuditEvent(row.WorkspaceId, AuditActions.IncidentSignalAdded, AuditActor.System, AuditOutcome.Success, "incident", Id(row), Details: details), cancellationToken);
        }

        return row;
    }

    /// <summary>Adds a line to the timeline (a notification, an escalation, a failed delivery).</summary>
    public async Task AddTimelineAsync(long incidentId, string kind, string summary, string? actor, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        db.Events.Add(new IncidentEventRow { IncidentId = incidentId, At = clock.GetUtcNow().ToUnixTimeMilliseconds(), Kind = kind, Summary = Clip(summary), Actor = actor });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A page of the workspace's incidents, newest first, optionally of one state and severity.</summary>
    public async Task<Outcome<IncidentPage>> ListAsync(long workspaceId, string? state, string? severity, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (state is not null && !IncidentStates.All.Contains(state))
        {
            return Refusal.Invalid("invalid-state", "Unknown state", "The state is open, acknowledged or resolved; leave it out to list every incident.");
        }

        if (severity is not null && !Severity.All.Contains(severity))
        {
            return Refusal.Invalid("invalid-severity", "Unknown severity", "The severity is low, medium, high or critical; leave it out to list every incident.");
        }

        if (!PageCursor.TryDecode(cursor, out var before))
        {
            return Refusal.Invalid("invalid-cursor", "Invalid cursor", "Pass the next_cursor of the previous page unchanged, or leave it out for the first page.");
        }

        await using var db = contexts.Create();
        var query = db.Incidents.AsNoTracking().Where(i => i.WorkspaceId == workspaceId);
        if (state is not null)
        {
            query = query.Where(i => i.State == state);
        }

        if (severity is not null)
        {
            query = query.Where(i => i.Severity == severity);
        }

        if (before is { } id)
        {
            query = query.Where(i => i.Id < id);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(ToView).ToList();
        return new IncidentPage(page, rows.Count > limit ? PageCursor.Encode(page[^1].Id) : null);
    }

    /// <summary>How many incidents of each severity were opened on each of the last <paramref name="days"/> days (UTC), oldest first.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, int> BySeverity)>> OpenedPerDayAsync(long workspaceId, int days, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        var opened = await db.Incidents.AsNoTracking().Where(i => i.WorkspaceId == workspaceId && i.OpenedAt >= from)
            .Select(i => new { i.OpenedAt, i.Severity }).ToListAsync(cancellationToken);
        var byDay = opened.GroupBy(i => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(i.OpenedAt).UtcDateTime))
            .ToDictionary(g => g.Key, g => g.GroupBy(i => i.Severity).ToDictionary(s => s.Key, s => s.Count()));
        return Enumerable.Range(0, days).Select(d => first.AddDays(d))
            .Select(day => (day, (IReadOnlyDictionary<string, int>)(byDay.TryGetValue(day, out var counts) ? counts : new Dictionary<string, int>())))
            .ToList();
    }

    public async Task<IncidentDetail?> GetAsync(long workspaceId, long id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.WorkspaceId == workspaceId && i.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var events = await db.Events.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return new IncidentDetail(ToView(row), events.Select(e => new TimelineEntry(DateTimeOffset.FromUnixTimeMilliseconds(e.At), e.Kind, e.Score, e.Summary, e.Actor)).ToList());
    }

    /// <summary>The workspace of an incident, for the command line, which names incidents by id alone.</summary>
    public async Task<long?> WorkspaceOfAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Incidents.Where(i => i.Id == id).Select(i => (long?)i.WorkspaceId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Marks an open incident as seen by <paramref name="caller"/>: its escalation stops.</summary>
    public Task<Outcome<IncidentView>> AcknowledgeAsync(Caller caller, long workspaceId, long id, CancellationToken cancellationToken) =>
        TransitionAsync(caller, workspaceId, id, IncidentStates.Acknowledged, null, cancellationToken);

    /// <summary>Closes an open or acknowledged incident; a later signal of the same kind opens a new one.</summary>
    public async Task<Outcome<IncidentView>> ResolveAsync(Caller caller, long workspaceId, long id, string? note, CancellationToken cancellationToken)
    {
        var clean = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (clean is not null && clean.Length > MaxNoteLength)
        {
            return Refusal.Invalid("invalid-note", "Note too long", $"A resolve note is at most {MaxNoteLength} characters. Link to a longer write-up instead.");
        }

        return await TransitionAsync(caller, workspaceId, id, IncidentStates.Resolved, clean, cancellationToken);
    }

    private async Task<Outcome<IncidentView>> TransitionAsync(Caller caller, long workspaceId, long id, string to, string? note, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.WorkspaceId == workspaceId && i.Id == id, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Incident");
        }

        var allowed = to == IncidentStates.Acknowledged ? row.State == IncidentStates.Open : row.State != IncidentStates.Resolved;
        if (!allowed)
        {
            return Refusal.Conflict("invalid-transition", $"Incident is {row.State}", to == IncidentStates.Acknowledged
                ? $"Only an open incident can be acknowledged; this one is {row.State}. A new signal of the same kind opens a new incident."
                : "This incident is already resolved. A new signal of the same kind opens a new incident.");
        }

        var before = row.State;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var actor = ActorText(caller.Actor);
        if (to == IncidentStates.Acknowledged)
        {
            row.AcknowledgedAt = now;
            row.AcknowledgedBy = actor;
        }
        else
        {
            row.ResolvedAt = now;
            row.ResolvedBy = actor;
            row.ResolveNote = note;
        }

        row.State = to;
        var changed = await db.Incidents.Where(i => i.Id == id && i.State == before)
            .ExecuteUpdateAsync(
                s => s.SetProperty(i => i.State, to)
                    .SetProperty(i => i.AcknowledgedAt, row.AcknowledgedAt)
                    .SetProperty(i => i.AcknowledgedBy, row.AcknowledgedBy)
                    .SetProperty(i => i.ResolvedAt, row.ResolvedAt)
                    .SetProperty(i => i.ResolvedBy, row.ResolvedBy)
                    .SetProperty(i => i.ResolveNote, row.ResolveNote),
                cancellationToken);
        if (changed == 0)
        {
            return Refusal.Conflict("invalid-transition", "Incident changed meanwhile", "Someone else changed this incident at the same moment. Reload it and try again.");
        }

        db.Events.Add(new IncidentEventRow
        {
            IncidentId = id,
            At = now,
            Kind = to == IncidentStates.Acknowledged ? TimelineKinds.Acknowledged : TimelineKinds.Resolved,
            Summary = to == IncidentStates.Acknowledged ? "Acknowledged" : note is null ? "Resolved" : "Resolved with a note",
            Actor = actor,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(
            caller.Audit(workspaceId, to == IncidentStates.Acknowledged ? AuditActions.IncidentAcknowledged : AuditActions.IncidentResolved, AuditOutcome.Success, "incident", Id(row), new Dictionary<string, string>
            {
                ["state_before"] = before,
                ["severity"] = row.Severity,
            }),
            cancellationToken);
        return ToView(row);
    }

    /// <summary>How an actor is shown on an incident: its kind and id, e.g. <c>member:ID</c> or <c>system</c>.</summary>
    public static string ActorText(AuditActor actor) =>
        actor.Id is null ? AuditNames.Of(actor.Kind) : AuditNames.Of(actor.Kind) + ":" + actor.Id;

    public static string Id(IncidentRow row) => row.Id.ToString(CultureInfo.InvariantCulture);

    public static IncidentView ToView(IncidentRow row) => new(
        row.Id,
        row.WorkspaceId,
        row.Detector,
        row.Title,
        row.Score,
        row.Severity,
        row.State,
        row.SignalCount,
        DateTimeOffset.FromUnixTimeMilliseconds(row.OpenedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.LastSignalAt),
        row.AcknowledgedAt is { } a ? DateTimeOffset.FromUnixTimeMilliseconds(a) : null,
        row.AcknowledgedBy,
        row.ResolvedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null,
        row.ResolvedBy,
        row.ResolveNote,
        row.EscalationStep);

    private static string Clip(string text) => text.Length <= 500 ? text : text[..499] + "…";
}
