using System.Text.Json.Serialization;

namespace Waymark.Incidents.Notifications;

/// <summary>The JSON body POSTed to a workspace's webhook (documented in docs/incidents.md).</summary>
internal sealed record WebhookEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("sent_at")] DateTimeOffset SentAt,
    [property: JsonPropertyName("incident")] WebhookIncident Incident);

internal sealed record WebhookIncident(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("workspace_id")] string? WorkspaceId,
    [property: JsonPropertyName("detector")] string Detector,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("score")] int Score,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("escalation_step")] int EscalationStep,
    [property: JsonPropertyName("url")] string? Url);
