using System.Globalization;
using Waymark.Email;
using Waymark.Incidents.Schema;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// The mail about an incident: what was detected, how severe, and where to work it. It names the incident by id, title
/// and workspace only; titles hold ids and addresses, never an end user's data.
/// </summary>
internal static class IncidentMail
{
    public static EmailMessage Compose(string to, IncidentRow incident, string workspaceName, Uri? link, bool escalation)
    {
        var id = incident.Id.ToString(CultureInfo.InvariantCulture);
        var severity = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(incident.Severity);
        var subject = $"[Waymark] {(escalation ? "Unacknowledged " : "")}{severity} incident #{id}: {incident.Title}";
        var where = link is null
            ? $"Acknowledge it on the server with: waymark incidents ack {id}"
            : $"Open it to acknowledge or resolve it: {link}";
        var why = escalation
            ? "Nobody has acknowledged this incident within the period your workspace allows, and you are the next escalation contact."
            : "You receive this because you own this workspace, and the incident is of high or critical severity.";
        var text = $"""
            {incident.Title}

            Workspace: {workspaceName}
            Severity: {incident.Severity} (risk score {incident.Score.ToString(CultureInfo.InvariantCulture)} of 25)
            Opened: {DateTimeOffset.FromUnixTimeMilliseconds(incident.OpenedAt).ToString("u", CultureInfo.InvariantCulture)}
            Signals so far: {incident.SignalCount.ToString(CultureInfo.InvariantCulture)}

            {where}

            {why}
            """;
        return new EmailMessage(to, subject, text);
    }
}
