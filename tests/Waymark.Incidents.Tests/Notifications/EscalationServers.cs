using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Notifications;

/// <summary>
/// Servers of their own for the escalation tests, which move the clock by the half hour and whose webhook receiver
/// listens on 127.0.0.1, an inside address webhooks may reach only when allowed.
/// </summary>
public sealed class EscalationServers : IncidentServers
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Waymark:Incidents:WebhookPrivateAddresses"] = "true" };
}
