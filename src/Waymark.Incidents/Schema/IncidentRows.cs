namespace Waymark.Incidents.Schema;

/// <summary>
/// One incident: the signals of one detector about one subject (an account, an address, a key, a workspace) while it is
/// not resolved. Workspace 0 holds the installation's own incidents. Times are Unix milliseconds.
/// </summary>
internal sealed class IncidentRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    /// <summary>Detector and subject, e.g. <c>password-brute-force:account:abc</c>; at most one unresolved incident per key and workspace.</summary>
    public string GroupingKey { get; set; } = "";

    public string Detector { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>The highest risk score (likelihood × impact, 1–25) of its signals.</summary>
    public int Score { get; set; }

    public string Severity { get; set; } = "";

    public string State { get; set; } = "";

    public int SignalCount { get; set; }

    public long OpenedAt { get; set; }

    public long LastSignalAt { get; set; }

    public long? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public long? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    /// <summary>The resolver's free text: shown on the incident, never audited or logged.</summary>
    public string? ResolveNote { get; set; }

    /// <summary>When owners were notified (null until the incident reaches high severity).</summary>
    public long? NotifiedAt { get; set; }

    /// <summary>How many escalation contacts have been notified so far.</summary>
    public int EscalationStep { get; set; }

    public long? LastEscalatedAt { get; set; }
}

/// <summary>One line of an incident's timeline: a signal, a state change, a notification or an escalation.</summary>
internal sealed class IncidentEventRow
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public long At { get; set; }

    public string Kind { get; set; } = "";

    /// <summary>The signal's score, for signals.</summary>
    public int? Score { get; set; }

    /// <summary>What happened, with ids, counts and addresses only.</summary>
    public string Summary { get; set; } = "";

    /// <summary>Who did it (<c>member:ID</c>, <c>system</c>), for state changes.</summary>
    public string? Actor { get; set; }
}

/// <summary>A workspace's notification settings; a workspace without a row has no webhook and no escalation contacts.</summary>
internal sealed class IncidentSettingsRow
{
    public long WorkspaceId { get; set; }

    public string? WebhookUrl { get; set; }

    /// <summary>The webhook signing secret sealed with Data Protection (see <see cref="Notifications.WebhookSecrets"/>).</summary>
    public byte[]? WebhookSecret { get; set; }

    /// <summary>Account ids, comma-separated, in escalation order.</summary>
    public string EscalationContacts { get; set; } = "";

    public int AcknowledgeWithinMinutes { get; set; }

    public long UpdatedAt { get; set; }
}
