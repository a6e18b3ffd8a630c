using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Audit;
using Waymark.Email;
using Waymark.Incidents.Schema;
using Waymark.Incidents.Settings;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// Tells people about high and critical incidents: every owner by mail, and the workspace's webhook by a signed POST.
/// Mail goes first and each address on its own, so a failing webhook or one refused address never keeps the others
/// from being told. Every delivery and failure lands on the incident's timeline.
/// </summary>
internal sealed partial class IncidentNotifier(
    IncidentsContexts contexts,
    IncidentBook book,
    IncidentRecipients recipients,
    IncidentSettingsStore settings,
    IEmailSender email,
    WebhookSender webhooks,
    IAuditLog audit,
    IOptions<AccountsOptions> accounts,
    TimeProvider clock,
    ILogger<IncidentNotifier> logger)
{
    public const string NotifiedEvent = "incident.notified";

    public const string EscalatedEvent = "incident.escalated";

    /// <summary>Notifies owners once per incident, the first time it is high or critical.</summary>
    public async Task NotifyIfDueAsync(IncidentRow incident, CancellationToken cancellationToken)
    {
        if (!Severity.Notifies(incident.Severity) || incident.NotifiedAt is not null || incident.State != IncidentStates.Open)
        {
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var db = contexts.Create())
        {
            // Claimed first, so that two workers never both mail the owners.
            var claimed = await db.Incidents.Where(i => i.Id == incident.Id && i.NotifiedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotifiedAt, now), cancellationToken);
            if (claimed == 0)
            {
                return;
            }
        }

        incident.NotifiedAt = now;
        var (publicId, name) = await recipients.WorkspaceAsync(incident.WorkspaceId, cancellationToken);
        var owners = await recipients.OwnersAsync(incident.WorkspaceId, cancellationToken);
        var mailed = 0;
        foreach (var (accountId, address) in owners)
        {
            if (await MailAsync(incident, address, accountId, name, publicId, escalation: false, cancellationToken))
            {
                mailed++;
            }
        }

        await book.AddTimelineAsync(incident.Id, TimelineKinds.Notified, $"Mailed {mailed.ToString(CultureInfo.InvariantCulture)} of {owners.Count.ToString(CultureInfo.InvariantCulture)} owner(s)", "system", cancellationToken);
        var delivered = await SendWebhookAsync(incident, publicId, NotifiedEvent, cancellationToken);
        await audit.RecordAsync(new AuditEvent(incident.WorkspaceId, AuditActions.IncidentNotified, AuditActor.System, AuditOutcome.Success, "incident", IncidentBook.Id(incident), Details: new Dictionary<string, string>
        {
            ["owners"] = owners.Count.ToString(CultureInfo.InvariantCulture),
            ["mailed"] = mailed.ToString(CultureInfo.InvariantCulture),
            ["webhook"] = delivered,
        }), cancellationToken);
    }

    /// <summary>Mails one escalation contact and tells the webhook; answers whether the mail went out.</summary>
    public async Task<bool> EscalateToAsync(IncidentRow incident, string accountId, string address, CancellationToken cancellationToken)
    {
        var (publicId, name) = await recipients.WorkspaceAsync(incident.WorkspaceId, cancellationToken);
        var mailed = await MailAsync(incident, address, accountId, name, publicId, escalation: true, cancellationToken);
        await SendWebhookAsync(incident, publicId, EscalatedEvent, cancellationToken);
        return mailed;
    }

    private async Task<bool> MailAsync(IncidentRow incident, string address, string accountId, string workspaceName, string? publicId, bool escalation, CancellationToken cancellationToken)
    {
        if (!email.IsConfigured)
        {
            await book.AddTimelineAsync(incident.Id, TimelineKinds.NotificationFailed, $"No mail to account {accountId}: no SMTP server is configured (Waymark:Email)", "system", cancellationToken);
            return false;
        }

        try
        {
            await email.SendAsync(IncidentMail.Compose(address, incident, workspaceName, Link(publicId, incident.Id), escalation), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is EmailDeliveryException or ArgumentException)
        {
            LogMailFailed(logger, incident.Id, e.GetType().Name);
            await book.AddTimelineAsync(incident.Id, TimelineKinds.NotificationFailed, $"Mail to account {accountId} failed ({e.GetType().Name})", "system", cancellationToken);
            return false;
        }
    }

    /// <summary>Posts the event when the workspace has a webhook; answers <c>delivered</c>, <c>failed</c> or <c>none</c>.</summary>
    private async Task<string> SendWebhookAsync(IncidentRow incident, string? publicId, string type, CancellationToken cancellationToken)
    {
        (Uri Url, string Secret)? configured;
        try
        {
            configured = await settings.WebhookAsync(incident.WorkspaceId, cancellationToken);
        }
        catch (CryptographicException)
        {
            await book.AddTimelineAsync(incident.Id, TimelineKinds.NotificationFailed, "Webhook not called: its signing secret cannot be opened (the key ring changed). Rotate the secret.", "system", cancellationToken);
            return "failed";
        }

        if (configured is not { } webhook)
        {
            return "none";
        }

        var payload = new WebhookEvent(type, clock.GetUtcNow(), new WebhookIncident(
            incident.Id,
            publicId,
            incident.Detector,
            incident.Title,
            incident.Severity,
            incident.Score,
            incident.State,
            DateTimeOffset.FromUnixTimeMilliseconds(incident.OpenedAt),
            incident.EscalationStep,
            Link(publicId, incident.Id)?.ToString()));
        var (delivered, summary) = await webhooks.SendAsync(webhook.Url, webhook.Secret, payload, cancellationToken);
        await book.AddTimelineAsync(incident.Id, delivered ? TimelineKinds.Notified : TimelineKinds.NotificationFailed, summary, "system", cancellationToken);
        return delivered ? "delivered" : "failed";
    }

    private Uri? Link(string? publicId, long id)
    {
        var baseUrl = accounts.Value.PublicUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return null;
        }

        // Instance incidents are worked on the operator console's incident pages.
        var path = publicId is null ? "operator/incidents/" : $"w/{publicId}/incidents/";
        return new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), path + id.ToString(CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail about incident {IncidentId} could not be sent ({Error})")]
    private static partial void LogMailFailed(ILogger logger, long incidentId, string error);
}
