using System.Text.Json.Serialization;
using Waymark.Incidents.Settings;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Api;

internal sealed record IncidentResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("detector")] string Detector,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("score")] int Score,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("signals")] int Signals,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("last_signal_at")] DateTimeOffset LastSignalAt,
    [property: JsonPropertyName("acknowledged_at")] DateTimeOffset? AcknowledgedAt,
    [property: JsonPropertyName("acknowledged_by")] string? AcknowledgedBy,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("resolved_by")] string? ResolvedBy,
    [property: JsonPropertyName("resolve_note")] string? ResolveNote,
    [property: JsonPropertyName("escalation_step")] int EscalationStep)
{
    public static IncidentResponse From(IncidentView i) => new(
        i.Id, i.Detector, i.Title, i.Score, i.Severity, i.State, i.SignalCount, i.OpenedAt, i.LastSignalAt, i.AcknowledgedAt, i.AcknowledgedBy, i.ResolvedAt, i.ResolvedBy, i.ResolveNote, i.EscalationStep);
}

internal sealed record IncidentListResponse(
    [property: JsonPropertyName("incidents")] IReadOnlyList<IncidentResponse> Incidents,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record TimelineResponse(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("score")] int? Score,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("actor")] string? Actor);

internal sealed record IncidentDetailResponse(
    [property: JsonPropertyName("incident")] IncidentResponse Incident,
    [property: JsonPropertyName("timeline")] IReadOnlyList<TimelineResponse> Timeline)
{
    public static IncidentDetailResponse From(IncidentDetail detail) => new(
        IncidentResponse.From(detail.Incident),
        detail.Timeline.Select(t => new TimelineResponse(t.At, t.Kind, t.Score, t.Summary, t.Actor)).ToList());
}

internal sealed record ResolveRequest([property: JsonPropertyName("note")] string? Note);

internal sealed record SettingsRequest(
    [property: JsonPropertyName("webhook_url")] string? WebhookUrl,
    [property: JsonPropertyName("escalation_contacts")] IReadOnlyList<string>? EscalationContacts,
    [property: JsonPropertyName("acknowledge_within_minutes")] int? AcknowledgeWithinMinutes);

internal sealed record SettingsResponse(
    [property: JsonPropertyName("webhook_url")] string? WebhookUrl,
    [property: JsonPropertyName("webhook_secret_set")] bool WebhookSecretSet,
    [property: JsonPropertyName("escalation_contacts")] IReadOnlyList<string> EscalationContacts,
    [property: JsonPropertyName("acknowledge_within_minutes")] int AcknowledgeWithinMinutes,
    [property: JsonPropertyName("webhook_secret"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebhookSecret)
{
    public static SettingsResponse From(IncidentSettings s, string? newSecret) => new(s.WebhookUrl, s.HasWebhookSecret, s.EscalationContacts, s.AcknowledgeWithinMinutes, newSecret);
}

internal sealed record WebhookSecretResponse([property: JsonPropertyName("webhook_secret")] string WebhookSecret);
