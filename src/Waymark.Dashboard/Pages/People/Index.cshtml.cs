using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Export;
using Waymark.Ingest.Reading;
using Waymark.Ingest.Rectification;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Dashboard.Pages.People;

/// <summary>
/// Data subject rights in the browser, as the API offers them: look a user or company up, export, correct traits,
/// delete, lift a suppression, delete many at once, and download an export a job wrote. Ids are personal data, so
/// every form that carries one is posted: ids stay out of URLs, and so out of access logs and browser history.
/// </summary>
[RequirePermission(Permissions.DataRead)]
public sealed class IndexModel(KeyRing keyRing, IAuditLog auditLog) : WorkspacePageModel
{
    public const int EventPageSize = 20;
    public const string UserKind = "user";
    public const string CompanyKind = "company";

    [BindProperty]
    [Display(Name = "Kind")]
    public string? Kind { get; set; } = UserKind;

    [BindProperty]
    [Display(Name = "Id")]
    public string? SubjectId { get; set; }

    [BindProperty]
    [Display(Name = "Type the id again to confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    [Display(Name = "Trait key")]
    public string? TraitKey { get; set; }

    [BindProperty]
    [Display(Name = "New value")]
    public string? TraitValue { get; set; }

    /// <summary>Where the shown page of events starts: the API's <c>next_cursor</c> of the page before.</summary>
    [BindProperty]
    public string? Cursor { get; set; }

    [BindProperty]
    [Display(Name = "Kind of ids")]
    public string? BatchKind { get; set; } = UserKind;

    [BindProperty]
    [Display(Name = "Ids, one per line")]
    public string? BatchIds { get; set; }

    /// <summary>The subject whose data the page shows, once looked up (null before).</summary>
    public string? ShownId { get; private set; }

    public string ShownKind { get; private set; } = UserKind;

    internal UserResponse? UserProfile { get; private set; }

    internal CompanyResponse? CompanyProfile { get; private set; }

    internal EventPage? Events { get; private set; }

    internal SuppressionView? Suppression { get; private set; }

    /// <summary>A deletion just accepted, single or batch.</summary>
    internal DeletionAccepted? Deletion { get; private set; }

    /// <summary>An export too large for one response, just handed to a job.</summary>
    internal StoredExport? ExportStarted { get; private set; }

    /// <summary>A one-line confirmation of what the last form did.</summary>
    public string? Confirmation { get; private set; }

    public bool Found => UserProfile is not null || CompanyProfile is not null;

    public bool MayDelete => User.Has(Permissions.DataDelete);

    public bool MayCorrect => User.Has(Permissions.DataWrite);

    public bool SeesPhi => User.Has(Permissions.PhiRead);

    // Waymark.Ingest's services are internal: a public page model cannot take them in its constructor, so it asks
    // the request's services for them.
    private SubjectReader Reader => HttpContext.RequestServices.GetRequiredService<SubjectReader>();

    private SubjectDeletion Deleter => HttpContext.RequestServices.GetRequiredService<SubjectDeletion>();

    private SubjectExporter Exporter => HttpContext.RequestServices.GetRequiredService<SubjectExporter>();

    private SubjectRectifier Rectifier => HttpContext.RequestServices.GetRequiredService<SubjectRectifier>();

    private CancellationToken Aborted => HttpContext.RequestAborted;

    public async Task<IActionResult> OnPostLookupAsync()
    {
        if (ReadSubject() is { } subject)
        {
            await ShowAsync(subject.Kind, subject.Id, 0);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostEventsAsync()
    {
        if (ReadSubject() is not { } subject)
        {
            return Page();
        }

        if (!PageCursor.TryDecode(Cursor, out var position))
        {
            ModelState.AddModelError("", "This page of events is not valid any more. Look the user up again.");
            position = 0;
        }

        await ShowAsync(subject.Kind, subject.Id, position ?? 0);
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(string? format)
    {
        if (ReadSubject() is not { } subject)
        {
            return Page();
        }

        if (!ExportFormats.TryParse(format, out var exportFormat))
        {
            ModelState.AddModelError("", "Choose Export CSV or Export JSON.");
            await ShowAsync(subject.Kind, subject.Id, 0);
            return Page();
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceId, Aborted);
        var found = await Exporter.FindAsync(workspace, subject.Kind, subject.Id, SubjectReadAudit.IncludesPhi(HttpContext), Aborted);
        if (found is null)
        {
            ModelState.AddModelError("", $"Nothing is stored about a {KindName(subject.Kind)} with this id, so there is nothing to export. Check the id and its kind.");
            await ShowAsync(subject.Kind, subject.Id, 0);
            return Page();
        }

        if (Exporter.NeedsJob(found))
        {
            ExportStarted = await Exporter.StartAsync(found, exportFormat, Aborted);
            await ExportAudit.RecordAsync(HttpContext, auditLog, found.TargetType, found.HashHex, ExportAudit.Job, exportFormat, found.EventCount, found.IncludesPhi, [], ExportStarted.ExportId);
            await ShowAsync(subject.Kind, subject.Id, 0);
            return Page();
        }

        var phiKeys = await Exporter.PhiKeysAsync(found, Aborted);
        await ExportAudit.RecordAsync(HttpContext, auditLog, found.TargetType, found.HashHex, ExportAudit.Inline, exportFormat, found.EventCount, found.IncludesPhi, phiKeys, null);
        StartDownload(exportFormat, $"{found.TargetType}-export.{exportFormat.Name()}");
        await Exporter.WriteAsync(found, exportFormat, Response.Body, null, Aborted);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!MayDelete)
        {
            return await RefuseAsync(Permissions.DataDelete, "delete");
        }

        if (ReadSubject() is not { } subject)
        {
            return Page();
        }

        if (!string.Equals(Confirm?.Trim(), subject.Id, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Confirm), "Type the id exactly as shown above to confirm. Nothing was deleted.");
            await ShowAsync(subject.Kind, subject.Id, 0);
            return Page();
        }

        Deletion = await Deleter.AcceptAsync(Caller, WorkspaceId, subject.Kind, [(subject.Id, null)]);
        ModelState.Remove(nameof(Confirm));
        Confirm = null;
        await ShowAsync(subject.Kind, subject.Id, 0);
        return Page();
    }

    public async Task<IActionResult> OnPostUnsuppressAsync()
    {
        if (!MayDelete)
        {
            return await RefuseAsync(Permissions.DataDelete, "unsuppress");
        }

        if (ReadSubject() is not { } subject)
        {
            return Page();
        }

        if (await Deleter.UnsuppressAsync(Caller, WorkspaceId, subject.Kind, subject.Id, Aborted) is { } dropped)
        {
            Confirmation = $"Events for this {KindName(subject.Kind)} are accepted again. Dropped while it was deleted, never to come back: {dropped.ToString("N0", CultureInfo.InvariantCulture)}.";
        }
        else
        {
            ModelState.AddModelError("", $"This {KindName(subject.Kind)} is not suppressed: its events are accepted already.");
        }

        await ShowAsync(subject.Kind, subject.Id, 0);
        return Page();
    }

    public async Task<IActionResult> OnPostRectifyAsync(bool remove)
    {
        if (!MayCorrect)
        {
            return await RefuseAsync(Permissions.DataWrite, "rectify");
        }

        if (ReadSubject() is not { } subject)
        {
            return Page();
        }

        var key = TraitKey?.Trim() ?? "";
        if (!DataClassStore.IsValidKey(key))
        {
            ModelState.AddModelError(nameof(TraitKey), "Enter the trait's key, 1 to 200 characters, such as email or plan.");
        }

        if (!remove && string.IsNullOrEmpty(TraitValue))
        {
            ModelState.AddModelError(nameof(TraitValue), "Enter the corrected value, or choose Remove trait to delete the trait.");
        }

        if (ModelState.IsValid)
        {
            var corrections = TraitCorrectionForm.Parse(key, remove ? null : TraitValue);
            Outcome<SubjectHash> outcome = corrections.Refusal is { } invalid
                ? invalid
                : await Rectifier.RectifyAsync(Caller, WorkspaceId, subject.Kind, subject.Id, corrections.Value!, Aborted);
            if (outcome.Refusal is { } refusal)
            {
                ShowRefusal(refusal, nameof(TraitKey));
            }
            else
            {
                Confirmation = remove ? $"The trait {key} was removed." : $"The trait {key} was corrected.";
                ModelState.Remove(nameof(TraitKey));
                ModelState.Remove(nameof(TraitValue));
                TraitKey = null;
                TraitValue = null;
            }
        }

        await ShowAsync(subject.Kind, subject.Id, 0);
        return Page();
    }

    public async Task<IActionResult> OnPostBatchDeleteAsync()
    {
        if (!MayDelete)
        {
            return await RefuseAsync(Permissions.DataDelete, "batchdelete");
        }

        if (ParseKind(BatchKind) is not { } kind)
        {
            ModelState.AddModelError(nameof(BatchKind), "Choose users or companies.");
            return Page();
        }

        var ids = BatchIdList.Parse(BatchIds);
        if (ids.Count == 0)
        {
            ModelState.AddModelError(nameof(BatchIds), "Enter at least one id, one per line.");
            return Page();
        }

        if (ids.Count > SubjectIds.MaxPerRequest)
        {
            ModelState.AddModelError(nameof(BatchIds), $"A deletion takes at most {SubjectIds.MaxPerRequest.ToString("N0", CultureInfo.InvariantCulture)} ids; this list has {ids.Count.ToString("N0", CultureInfo.InvariantCulture)}. Split it into several lists. Nothing was deleted.");
            return Page();
        }

        Deletion = await Deleter.AcceptAsync(Caller, WorkspaceId, kind, [.. ids.Select(id => SubjectIds.Check(id) is { } error ? ((string?)null, (string?)error) : (id, null))]);
        ModelState.Remove(nameof(BatchIds));
        BatchIds = null;
        return Page();
    }

    /// <summary>Downloads the export a job wrote; the Background jobs page links here. A job id is not personal data.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? job)
    {
        var export = string.IsNullOrEmpty(job) ? null : await Exporter.FindExportByJobAsync(WorkspaceId, job, Aborted);
        if (export is null)
        {
            ModelState.AddModelError("", "This job has no export to download: exports are deleted when they expire and when their user or company is deleted. Start a new export below.");
            return Page();
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceId, Aborted);
        var download = await Exporter.OpenAsync(workspace, export, Aborted);
        var problem = download.State switch
        {
            ExportDownloadState.NotReady => "The export is still being written. Download it once its job shows completed on the Background jobs page.",
            ExportDownloadState.Failed => "The job ended without writing the export. Start a new export below.",
            ExportDownloadState.Expired => "The export expired and has been deleted. Start a new export below.",
            ExportDownloadState.NotFound => "The export is gone: its user or company was deleted.",
            _ when download.Summary!.PhiIncluded && !SeesPhi => "This export includes PHI values, which only members holding phi:read may download. Start a new export without them below.",
            _ => null,
        };
        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            return Page();
        }

        var summary = download.Summary!;
        await ExportAudit.RecordAsync(HttpContext, auditLog, export.TargetType, export.HashHex, ExportAudit.Download, export.Format, summary.Events, summary.PhiIncluded, summary.PhiKeys, export.ExportId);
        StartDownload(export.Format, $"{export.ExportId}.{export.Format.Name()}");
        await Exporter.CopyToAsync(download, Response.Body, Aborted);
        return new EmptyResult();
    }

    public static string KindName(SubjectKind kind) => kind == SubjectKind.Company ? CompanyKind : UserKind;

    private static SubjectKind? ParseKind(string? kind) => kind switch
    {
        UserKind => SubjectKind.User,
        CompanyKind => SubjectKind.Company,
        _ => null,
    };

    /// <summary>The kind and id the form names, or null with the reason shown beside the fields.</summary>
    private (SubjectKind Kind, string Id)? ReadSubject()
    {
        var kind = ParseKind(Kind);
        if (kind is null)
        {
            ModelState.AddModelError(nameof(Kind), "Choose user or company.");
        }

        var id = SubjectId?.Trim() ?? "";
        if (SubjectIds.Check(id) is { } error)
        {
            ModelState.AddModelError(nameof(SubjectId), error + " Enter the id your app sends, such as the user_id of identify calls.");
        }

        return kind is { } k && ModelState.IsValid ? (k, id) : null;
    }

    /// <summary>Reads the subject's profile, a page of its events and its suppression, auditing each read as the API does.</summary>
    private async Task ShowAsync(SubjectKind kind, string id, long after)
    {
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceId, Aborted);
        var subject = workspace.HashSubject(kind, id);
        var includePhi = SubjectReadAudit.IncludesPhi(HttpContext);
        var target = KindName(kind);
        ShownKind = target;
        ShownId = id;
        await SubjectReadAudit.RecordReadAsync(HttpContext, auditLog, target, subject, "profile");
        if (kind == SubjectKind.Company)
        {
            CompanyProfile = await Reader.FindCompanyAsync(workspace, id, includePhi, Aborted);
            await SubjectReadAudit.RecordPhiReadAsync(HttpContext, auditLog, target, subject, "profile", CompanyProfile?.DisclosedPhi ?? []);
        }
        else
        {
            UserProfile = await Reader.FindUserAsync(workspace, id, includePhi, Aborted);
            await SubjectReadAudit.RecordPhiReadAsync(HttpContext, auditLog, target, subject, "profile", UserProfile?.DisclosedPhi ?? []);
            if (UserProfile is not null)
            {
                await SubjectReadAudit.RecordReadAsync(HttpContext, auditLog, target, subject, "events");
                Events = await Reader.ReadEventsAsync(workspace, id, EventPageSize, after, includePhi, Aborted, newestFirst: true);
                await SubjectReadAudit.RecordPhiReadAsync(HttpContext, auditLog, target, subject, "events", Events?.DisclosedPhi ?? []);
            }
        }

        Suppression = await Deleter.FindSuppressionAsync(WorkspaceId, kind, id, Aborted);
    }

    /// <summary>
    /// Refuses an action the page offers only to holders of <paramref name="permission"/>, audited as the permission
    /// policy audits a refused page: the page may be open to the person while this one form is not.
    /// </summary>
    private async Task<IActionResult> RefuseAsync(string permission, string handler)
    {
        await auditLog.RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST /w/{ws}/people?handler=" + handler, new Dictionary<string, string> { ["permission"] = permission }),
            Aborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }

    private void StartDownload(ExportFormat format, string fileName)
    {
        Response.ContentType = format.ContentType();
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
    }
}
