namespace Waymark.Incidents.Signals;

/// <summary>An incident as the API, the dashboard and the command line show it.</summary>
internal sealed record IncidentView(
    long Id,
    long WorkspaceId,
    string Detector,
    string Title,
    int Score,
    string Severity,
    string State,
    int SignalCount,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastSignalAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolveNote,
    int EscalationStep);

/// <summary>One line of an incident's timeline.</summary>
internal sealed record TimelineEntry(DateTimeOffset At, string Kind, int? Score, string Summary, string? Actor);

/// <summary>An incident with its timeline, oldest first.</summary>
internal sealed record IncidentDetail(IncidentView Incident, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>A page of incidents, newest first.</summary>
internal sealed record IncidentPage(IReadOnlyList<IncidentView> Incidents, string? NextCursor);
