using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Reading;

namespace Waymark.Ingest.Export;

/// <summary>
/// <c>GET /v1/users/{id}/export</c>, <c>GET /v1/companies/{id}/export</c> (<c>?format=csv|json</c>) and the download of
/// a job's export, <c>GET /v1/exports/{export_id}</c>.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapExportRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Data subjects").RequirePermission(Permissions.DataRead);
        group.MapGet("/users/{userId}/export", (string userId, string? format, HttpContext context, KeyRing keyRing, SubjectExporter exporter, IAuditLog audit) =>
                ExportAsync(SubjectKind.User, userId, format, context, keyRing, exporter, audit))
            .WithSummary("Everything held about a user (profile, companies, events) as CSV or JSON; large exports answer 202 with a job");
        group.MapGet("/companies/{companyId}/export", (string companyId, string? format, HttpContext context, KeyRing keyRing, SubjectExporter exporter, IAuditLog audit) =>
                ExportAsync(SubjectKind.Company, companyId, format, context, keyRing, exporter, audit))
            .WithSummary("Everything held about a company (profile, group events) as CSV or JSON; large exports answer 202 with a job");
        group.MapGet("/exports/{exportId}", DownloadAsync)
            .WithSummary("Download an export written by a job, once the job has completed and until it expires");
    }

    private static async Task<Results<PushStreamHttpResult, Accepted<ExportStartedResponse>, ProblemHttpResult>> ExportAsync(
        SubjectKind kind, string id, string? format, HttpContext context, KeyRing keyRing, SubjectExporter exporter, IAuditLog audit)
    {
        if (!ExportFormats.TryParse(format, out var exportFormat))
        {
            return Problems.BadRequest("invalid-format", "Unknown export format", "Ask for ?format=csv (the default) or ?format=json.");
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var subject = await exporter.FindAsync(workspace, kind, id, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (subject is null)
        {
            return Problems.NotFound(kind == SubjectKind.Company ? "Company" : "User");
        }

        if (exporter.NeedsJob(subject))
        {
            var export = await exporter.StartAsync(subject, exportFormat, context.RequestAborted);
            await ExportAudit.RecordAsync(context, audit, subject.TargetType, subject.HashHex, ExportAudit.Job, exportFormat, subject.EventCount, subject.IncludesPhi, [], export.ExportId);
            return TypedResults.Accepted(export.DownloadUrl, new ExportStartedResponse(export.JobId, export.ExportId, export.DownloadUrl, export.ExpiresAt));
        }

        var phiKeys = await exporter.PhiKeysAsync(subject, context.RequestAborted);
        await ExportAudit.RecordAsync(context, audit, subject.TargetType, subject.HashHex, ExportAudit.Inline, exportFormat, subject.EventCount, subject.IncludesPhi, phiKeys, null);
        return TypedResults.Stream(
            body => exporter.WriteAsync(subject, exportFormat, body, null, context.RequestAborted),
            exportFormat.ContentType(),
            $"{subject.TargetType}-export.{exportFormat.Name()}");
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadAsync(string exportId, HttpContext context, KeyRing keyRing, SubjectExporter exporter, IAuditLog audit)
    {
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var export = await exporter.FindExportAsync(workspaceId, exportId, context.RequestAborted);
        if (export is null)
        {
            return Problems.NotFound("Export");
        }

        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, context.RequestAborted);
        var download = await exporter.OpenAsync(workspace, export, context.RequestAborted);
        switch (download.State)
        {
            case ExportDownloadState.NotReady:
                return Problems.Create(
                    StatusCodes.Status409Conflict,
                    "export-not-ready",
                    "Export not ready",
                    $"The export is still being written. Poll /v1/background_jobs/{export.JobId} until its status is completed, then download it again.",
                    new Dictionary<string, object?> { ["job_id"] = export.JobId });
            case ExportDownloadState.Failed:
                return Problems.Create(
                    StatusCodes.Status409Conflict,
                    "export-failed",
                    "Export failed",
                    $"The job that writes this export ended without it (see /v1/background_jobs/{export.JobId}). Start a new export.",
                    new Dictionary<string, object?> { ["job_id"] = export.JobId });
            case ExportDownloadState.Expired:
                return Problems.Create(StatusCodes.Status410Gone, "export-expired", "Export expired", "Exports can be downloaded until their expires_at, and are deleted then. Start a new export.");
            case ExportDownloadState.NotFound:
                return Problems.NotFound("Export");
        }

        var summary = download.Summary!;
        if (summary.PhiIncluded && summary.PhiKeys.Count > 0 && !SubjectReadAudit.IncludesPhi(context))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "phi-read-required", "PHI read permission required", "This export includes PHI values. Download it with a key or account holding phi:read, or start a new export without it.");
        }

        await ExportAudit.RecordAsync(context, audit, export.TargetType, export.HashHex, ExportAudit.Download, export.Format, summary.Events, summary.PhiIncluded, summary.PhiKeys, export.ExportId);
        return TypedResults.Stream(
            body => exporter.CopyToAsync(download, body, context.RequestAborted),
            export.Format.ContentType(),
            $"{export.ExportId}.{export.Format.Name()}");
    }
}

internal sealed record ExportStartedResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("export_id")] string ExportId,
    [property: JsonPropertyName("download_url")] string DownloadUrl,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);
