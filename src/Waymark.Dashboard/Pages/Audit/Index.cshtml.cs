using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Dashboard.Pages.Audit;

[RequirePermission(Permissions.AuditRead)]
public sealed class IndexModel(AuditQuery query, IAuditLog audit, MemberDirectory members) : AuditPageModel
{
    private const int PageSize = 50;

    /// <summary>Every action the log knows, for the filter's list.</summary>
    public static readonly IReadOnlyList<string> KnownActions = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    public AuditPage? Entries { get; private set; }

    /// <summary>Current members' emails by account id, shown beside the stored id (which stays what the log holds).</summary>
    public IReadOnlyDictionary<string, string> Emails { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        var filter = ReadFilter();
        if (!AuditQuery.IsValidCursor(Cursor))
        {
            ModelState.AddModelError("", "This page link is not valid any more. Start again from the first page.");
            Cursor = null;
        }

        if (filter is null || !ModelState.IsValid)
        {
            return;
        }

        Entries = await query.ListAsync(WorkspaceId, filter, Cursor, PageSize, HttpContext.RequestAborted);
        await audit.RecordAsync(Caller.Audit(WorkspaceId, AuditActions.AuditRead, AuditOutcome.Success, "audit-log", details: new Dictionary<string, string>
        {
            ["entries"] = Entries.Entries.Count.ToString(CultureInfo.InvariantCulture),
        }), HttpContext.RequestAborted);
        Emails = (await members.MembersAsync(WorkspaceId, HttpContext.RequestAborted)).ToDictionary(m => m.AccountId, m => m.Email, StringComparer.Ordinal);
    }

    public string? EmailOf(AuditActor actor) =>
        actor.Kind == AuditActorKind.Member && actor.Id is { } id && Emails.TryGetValue(id, out var email) ? email : null;

    public string? EmailOfTarget(AuditEntryView entry) =>
        entry.TargetType is "member" or "account" && entry.TargetId is { } id && Emails.TryGetValue(id, out var email) ? email : null;
}
