using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Audit;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Schema;
using Waymark.Incidents.Settings;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Escalation;

/// <summary>
/// Walks down a workspace's escalation contacts while a high or critical incident stays open (unacknowledged): once the
/// acknowledge-within period has passed since the owners were notified, the first contact is mailed; after another
/// period the second; and so on until someone acknowledges or the list ends. One step per period, each audited.
/// </summary>
internal sealed class IncidentEscalator(IncidentsContexts contexts, IncidentSettingsStore settings, IncidentRecipients recipients, IncidentNotifier notifier, IncidentBook book, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Takes every step that is due; answers how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<IncidentRow> waiting;
        await using (var db = contexts.Create())
        {
            waiting = await db.Incidents.AsNoTracking()
                .Where(i => i.State == IncidentStates.Open && i.NotifiedAt != null && (i.Severity == Severity.High || i.Severity == Severity.Critical))
                .OrderBy(i => i.Id)
                .ToListAsync(cancellationToken);
        }

        var taken = 0;
        var now = clock.GetUtcNow();
        foreach (var incident in waiting)
        {
            var workspace = await settings.GetAsync(incident.WorkspaceId, cancellationToken);
            var since = DateTimeOffset.FromUnixTimeMilliseconds(incident.LastEscalatedAt ?? incident.NotifiedAt!.Value);
            if (incident.EscalationStep >= workspace.EscalationContacts.Count || now - since < TimeSpan.FromMinutes(workspace.AcknowledgeWithinMinutes))
            {
                continue;
            }

            if (await StepAsync(incident, workspace.EscalationContacts[incident.EscalationStep], now, cancellationToken))
            {
                taken++;
            }
        }

        return taken;
    }

    private async Task<bool> StepAsync(IncidentRow incident, string contact, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var step = incident.EscalationStep + 1;
        await using (var db = contexts.Create())
        {
            // Conditional on the step, so that of several workers exactly one takes it.
            var claimed = await db.Incidents.Where(i => i.Id == incident.Id && i.EscalationStep == incident.EscalationStep && i.State == IncidentStates.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.EscalationStep, step).SetProperty(i => i.LastEscalatedAt, now.ToUnixTimeMilliseconds()), cancellationToken);
            if (claimed == 0)
            {
                return false;
            }
        }

        incident.EscalationStep = step;
        var stepText = step.ToString(CultureInfo.InvariantCulture);
        var address = await recipients.MemberEmailAsync(incident.WorkspaceId, contact, cancellationToken);
        if (address is null)
        {
            await book.AddTimelineAsync(incident.Id, TimelineKinds.NotificationFailed, $"Escalation step {stepText} skipped: account {contact} is no longer a member", "system", cancellationToken);
        }
        else
        {
            var mailed = await notifier.EscalateToAsync(incident, contact, address, cancellationToken);
            await book.AddTimelineAsync(incident.Id, TimelineKinds.Escalated, $"Escalated to contact {stepText} (account {contact}){(mailed ? "" : "; the mail could not be sent")}", "system", cancellationToken);
        }

        await audit.RecordAsync(new AuditEvent(incident.WorkspaceId, AuditActions.IncidentEscalated, AuditActor.System, AuditOutcome.Success, "incident", IncidentBook.Id(incident), Details: new Dictionary<string, string>
        {
            ["step"] = stepText,
            ["contact"] = contact,
            ["delivered"] = address is null ? "false" : "true",
        }), cancellationToken);
        return true;
    }
}
