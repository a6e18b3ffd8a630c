namespace Waymark.Incidents.Settings;

/// <summary>A workspace's incident notification settings.</summary>
internal sealed record IncidentSettings(string? WebhookUrl, bool HasWebhookSecret, IReadOnlyList<string> EscalationContacts, int AcknowledgeWithinMinutes)
{
    public const int DefaultAcknowledgeWithinMinutes = 30;

    public static readonly IncidentSettings Default = new(null, false, [], DefaultAcknowledgeWithinMinutes);
}

/// <summary>Settings after a change, with the webhook secret when this change created one (shown once).</summary>
internal sealed record SettingsChange(IncidentSettings Settings, string? NewWebhookSecret);
