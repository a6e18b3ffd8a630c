using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Incidents.Settings;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>
/// Where high-severity incidents go: the webhook (URL, and its signing secret, shown once when made or rotated), the
/// escalation contacts in order, chosen from the members, and how long nobody may acknowledge before the next is called.
/// </summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class SettingsModel(MemberDirectory members) : WorkspacePageModel
{
    /// <summary>How many contact choices the form offers (the store accepts up to <see cref="IncidentSettingsStore.MaxContacts"/>).</summary>
    public const int ContactSlots = 5;

    [BindProperty]
    [Display(Name = "Webhook URL")]
    public string? WebhookUrl { get; set; }

    [BindProperty]
    public List<string?> Contacts { get; set; } = [];

    [BindProperty]
    [Display(Name = "Acknowledge within (minutes)")]
    [Range(1, IncidentSettingsStore.MaxAcknowledgeWithinMinutes, ErrorMessage = "Give a number of minutes from {1} to {2}.")]
    public int AcknowledgeWithinMinutes { get; set; } = IncidentSettings.DefaultAcknowledgeWithinMinutes;

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    public bool HasWebhookSecret { get; private set; }

    /// <summary>A secret made by this request, shown in this response only.</summary>
    public string? NewSecret { get; private set; }

    private IncidentSettingsStore Store => HttpContext.RequestServices.GetRequiredService<IncidentSettingsStore>();

    public async Task OnGetAsync()
    {
        var settings = await Store.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        WebhookUrl = settings.WebhookUrl;
        Contacts = [.. settings.EscalationContacts];
        AcknowledgeWithinMinutes = settings.AcknowledgeWithinMinutes;
        HasWebhookSecret = settings.HasWebhookSecret;
        await LoadMembersAsync();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (ModelState.IsValid)
        {
            var chosen = Contacts.Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
            var outcome = await Store.UpdateAsync(Caller, WorkspaceId, WebhookUrl, chosen, AcknowledgeWithinMinutes, HttpContext.RequestAborted);
            if (outcome.Value is { NewWebhookSecret: { } secret } change)
            {
                NewSecret = secret;
                HasWebhookSecret = change.Settings.HasWebhookSecret;
                Contacts = [.. change.Settings.EscalationContacts];
                await LoadMembersAsync();
                return Page();
            }

            if (outcome.Succeeded)
            {
                return Done("Notification settings saved.", "/Incidents/Settings", new { ws = Ws });
            }

            var refusal = outcome.Refusal!;
            ShowRefusal(refusal, refusal.Type switch
            {
                "invalid-webhook-url" => nameof(WebhookUrl),
                "invalid-acknowledge-within" => nameof(AcknowledgeWithinMinutes),
                _ => nameof(Contacts),
            });
        }

        HasWebhookSecret = (await Store.GetAsync(WorkspaceId, HttpContext.RequestAborted)).HasWebhookSecret;
        await LoadMembersAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync()
    {
        NewSecret = await Store.RotateSecretAsync(Caller, WorkspaceId, HttpContext.RequestAborted);
        ModelState.Clear();
        await OnGetAsync();
        return Page();
    }

    /// <summary>The account chosen in slot <paramref name="slot"/>, if any.</summary>
    public string? ContactAt(int slot) => slot < Contacts.Count ? Contacts[slot] : null;

    private async Task LoadMembersAsync() => Members = await members.MembersAsync(WorkspaceId, HttpContext.RequestAborted);
}
