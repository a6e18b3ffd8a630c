using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Schema;
using Waymark.Workspaces.Callers;

namespace Waymark.Incidents.Settings;

/// <summary>
/// Reads and changes where a workspace's incidents are sent: the webhook (its URL and signing secret, generated here,
/// shown once and stored sealed) and the escalation contacts with the acknowledge-within period. Changes are audited
/// without the URL (it may carry a token) and without any secret.
/// </summary>
internal sealed class IncidentSettingsStore(IncidentsContexts contexts, WebhookSecrets secrets, MemberDirectory members, IAuditLog audit, TimeProvider clock)
{
    public const int MaxContacts = 10;

    public const int MaxUrlLength = 2000;

    public const int MaxAcknowledgeWithinMinutes = 7 * 24 * 60;

    public async Task<IncidentSettings> GetAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        return row is null ? IncidentSettings.Default : ToSettings(row);
    }

    /// <summary>The webhook URL and its opened secret, or null when the workspace has no webhook.</summary>
    public async Task<(Uri Url, string Secret)?> WebhookAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        return row is { WebhookUrl: { } url, WebhookSecret: { } sealedSecret } ? (new Uri(url), secrets.Open(workspaceId, sealedSecret)) : null;
    }

    /// <summary>
    /// Replaces the settings. Setting a webhook URL when the workspace has no secret yet generates one, answered once.
    /// Nothing changes when any value is refused.
    /// </summary>
    public async Task<Outcome<SettingsChange>> UpdateAsync(Caller caller, long workspaceId, string? webhookUrl, IReadOnlyList<string>? contacts, int? acknowledgeWithinMinutes, CancellationToken cancellationToken)
    {
        var url = string.IsNullOrWhiteSpace(webhookUrl) ? null : webhookUrl.Trim();
        if (url is not null && (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(parsed.UserInfo)))
        {
            return Refusal.Invalid("invalid-webhook-url", "Invalid webhook URL", $"Give an absolute http or https URL of at most {MaxUrlLength} characters without a user name or password, such as https://hooks.example.com/waymark, or leave it empty for no webhook.");
        }

        var minutes = acknowledgeWithinMinutes ?? IncidentSettings.DefaultAcknowledgeWithinMinutes;
        if (minutes < 1 || minutes > MaxAcknowledgeWithinMinutes)
        {
            return Refusal.Invalid("invalid-acknowledge-within", "Invalid acknowledgement period", $"acknowledge_within_minutes is between 1 and {MaxAcknowledgeWithinMinutes} (a week).");
        }

        var list = (contacts ?? []).Select(c => c?.Trim() ?? "").ToList();
        if (list.Count > MaxContacts || list.Any(string.IsNullOrEmpty) || list.Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            return Refusal.Invalid("invalid-escalation-contacts", "Invalid escalation contacts", $"List at most {MaxContacts} distinct account ids of members of this workspace, first to be called first.");
        }

        var memberIds = (await members.MembersAsync(workspaceId, cancellationToken)).Select(m => m.AccountId).ToHashSet(StringComparer.Ordinal);
        if (list.Any(c => !memberIds.Contains(c)))
        {
            return Refusal.Invalid("invalid-escalation-contacts", "Not a member", "Every escalation contact must be a member of this workspace. List the members with GET /v1/members and use their account ids.");
        }

        await using var db = contexts.Create();
        var row = await db.Settings.FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            row = new IncidentSettingsRow { WorkspaceId = workspaceId };
            db.Settings.Add(row);
        }

        string? newSecret = null;
        if (url is not null && row.WebhookSecret is null)
        {
            newSecret = WebhookSecrets.NewSecret();
            row.WebhookSecret = secrets.Seal(workspaceId, newSecret);
        }

        row.WebhookUrl = url;
        row.EscalationContacts = string.Join(',', list);
        row.AcknowledgeWithinMinutes = minutes;
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(caller, workspaceId, new Dictionary<string, string>
        {
            ["webhook"] = url is null ? "none" : "set",
            ["escalation_contacts"] = row.EscalationContacts.Length == 0 ? "(none)" : row.EscalationContacts,
            ["acknowledge_within_minutes"] = minutes.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        return new SettingsChange(ToSettings(row), newSecret);
    }

    /// <summary>Replaces the webhook signing secret; the new one is answered once and the old one stops at once.</summary>
    public async Task<string> RotateSecretAsync(Caller caller, long workspaceId, CancellationToken cancellationToken)
    {
        var secret = WebhookSecrets.NewSecret();
        await using var db = contexts.Create();
        var row = await db.Settings.FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            row = new IncidentSettingsRow { WorkspaceId = workspaceId, AcknowledgeWithinMinutes = IncidentSettings.DefaultAcknowledgeWithinMinutes };
            db.Settings.Add(row);
        }

        row.WebhookSecret = secrets.Seal(workspaceId, secret);
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(caller, workspaceId, new Dictionary<string, string> { ["webhook_secret"] = "rotated" }, cancellationToken);
        return secret;
    }

    private Task AuditAsync(Caller caller, long workspaceId, Dictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.RecordAsync(caller.Audit(workspaceId, AuditActions.IncidentSettingsChanged, AuditOutcome.Success, "incident-settings", workspaceId.ToString(CultureInfo.InvariantCulture), details), cancellationToken);

    private static IncidentSettings ToSettings(IncidentSettingsRow row) => new(
        row.WebhookUrl,
        row.WebhookSecret is not null,
        row.EscalationContacts.Split(',', StringSplitOptions.RemoveEmptyEntries),
        row.AcknowledgeWithinMinutes);
}
