using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Reading;
using Waymark.Ingest.Sealing;
using Waymark.Jobs;
using Waymark.Storage;

namespace Waymark.Ingest.Export;

/// <summary>
/// Exports a user's or company's data (access and portability): everything held about the subject, decoded as the read
/// API decodes it, as CSV or JSON. Small exports are written straight to the caller's stream; larger ones by a job into
/// chunks sealed under the subject's key, downloadable until they expire. Used by the HTTP API and the dashboard;
/// callers audit (<see cref="ExportAudit"/>).
/// </summary>
internal sealed class SubjectExporter(
    WaymarkDatabase database,
    KeyRing keyRing,
    SubjectReader reader,
    ExportEventSource events,
    ExportStore store,
    JobQueue jobs,
    JobQuery jobQuery,
    IOptions<ExportOptions> options,
    TimeProvider clock)
{
    public const string UserJobType = "export_user";
    public const string CompanyJobType = "export_company";

    public static string JobType(SubjectKind kind) => kind == SubjectKind.Company ? CompanyJobType : UserJobType;

    /// <summary>
    /// The subject to export, or null when there is none: no data key (never seen, or deleted), or nothing stored (a
    /// user with no profile and no events, a company with no profile).
    /// </summary>
    public async Task<ExportSubject?> FindAsync(WorkspaceKeys workspace, SubjectKind kind, string id, bool includePhi, CancellationToken cancellationToken)
    {
        var key = await keyRing.FindSubjectKeyAsync(workspace, workspace.HashSubject(kind, id), cancellationToken);
        if (key is null)
        {
            return null;
        }

        UserResponse? user = null;
        CompanyResponse? company = null;
        if (kind == SubjectKind.Company)
        {
            company = await reader.FindCompanyAsync(workspace, id, includePhi, cancellationToken);
        }
        else
        {
            user = await reader.FindUserAsync(workspace, id, includePhi, cancellationToken);
        }

        if (user is null && company is null)
        {
            return null;
        }

        var (count, lastSeq) = await events.CountAsync(workspace, kind, key.Subject, cancellationToken);
        return new ExportSubject(workspace, kind, id, key, user, company, count, lastSeq, includePhi);
    }

    /// <summary>Whether the subject has too many events to export in one response: then <see cref="StartAsync"/> it.</summary>
    public bool NeedsJob(ExportSubject subject) => subject.EventCount > options.Value.InlineMaxEvents;

    /// <summary>The PHI keys an export of <paramref name="subject"/> discloses (none without <c>phi:read</c>), for the audit entry before it is sent.</summary>
    public Task<SortedSet<string>> PhiKeysAsync(ExportSubject subject, CancellationToken cancellationToken) => events.PhiKeysAsync(subject, cancellationToken);

    /// <summary>Writes the whole export to <paramref name="output"/>, incrementally; <paramref name="progress"/> hears the events written so far.</summary>
    public async Task<ExportSummary> WriteAsync(ExportSubject subject, ExportFormat format, Stream output, Action<long>? progress, CancellationToken cancellationToken)
    {
        var disclosed = new SortedSet<string>(subject.ProfilePhi, StringComparer.Ordinal);
        await using var writer = ExportWriter.Create(format, output, subject.Kind);
        await writer.WriteStartAsync(subject, cancellationToken);
        var count = await events.ForEachAsync(
            subject,
            disclosed,
            progress is null ? writer.WriteEventAsync : async (current, token) =>
            {
                await writer.WriteEventAsync(current, token);
                progress(current.Ordinal);
            },
            cancellationToken);
        await writer.WriteEndAsync(cancellationToken);
        return new ExportSummary(count, subject.IncludesPhi, subject.IncludesPhi ? [.. disclosed] : []);
    }

    /// <summary>
    /// Enqueues a job that writes the export, and records the export (not yet written) in the same transaction. The
    /// export can be downloaded once the job completes, until <see cref="StoredExport.ExpiresAt"/>.
    /// </summary>
    public async Task<StoredExport> StartAsync(ExportSubject subject, ExportFormat format, CancellationToken cancellationToken)
    {
        var exportId = "exp_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var now = clock.GetUtcNow();
        var payload = new ExportJobPayload(subject.Key.Subject.ToBytes(), subject.Kind, format.Name(), exportId, subject.IncludesPhi).ToBytes();
        StoredExport export;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var jobId = await jobs.EnqueueWithinAsync(transaction, subject.Workspace.WorkspaceId, JobType(subject.Kind), payload, subject.EventCount, [], cancellationToken);
            export = new StoredExport(exportId, subject.Workspace.WorkspaceId, subject.Key.Subject, subject.Kind, format, jobId, now, now + options.Value.Lifetime, -1);
            await ExportStore.InsertWithinAsync(transaction, export, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        jobs.Wake();
        return export;
    }

    public Task<StoredExport?> FindExportAsync(long workspaceId, string exportId, CancellationToken cancellationToken) =>
        store.FindAsync(workspaceId, exportId, cancellationToken);

    public Task<StoredExport?> FindExportByJobAsync(long workspaceId, string jobId, CancellationToken cancellationToken) =>
        store.FindByJobAsync(workspaceId, jobId, cancellationToken);

    /// <summary>Where <paramref name="export"/> stands for a download. An expired export is deleted here.</summary>
    public async Task<ExportDownload> OpenAsync(WorkspaceKeys workspace, StoredExport export, CancellationToken cancellationToken)
    {
        if (export.ExpiresAt <= clock.GetUtcNow())
        {
            await store.DeleteAsync(export.ExportId, cancellationToken);
            return new ExportDownload(ExportDownloadState.Expired, export, null, null);
        }

        if (!export.IsWritten)
        {
            var job = await jobQuery.FindAsync(export.WorkspaceId, export.JobId, cancellationToken);
            var state = job is null || !JobStatuses.IsUnfinished(job.Status) ? ExportDownloadState.Failed : ExportDownloadState.NotReady;
            return new ExportDownload(state, export, null, null);
        }

        var key = await keyRing.FindSubjectKeyAsync(workspace, export.Subject, cancellationToken);
        if (key is null)
        {
            await store.DeleteAsync(export.ExportId, cancellationToken);
            return new ExportDownload(ExportDownloadState.NotFound, export, null, null);
        }

        await foreach (var chunk in store.ReadChunksAsync(export.ExportId, 0, 0, cancellationToken))
        {
            return new ExportDownload(ExportDownloadState.Ready, export, key, ExportSummary.FromBytes(key.Open(chunk)));
        }

        return new ExportDownload(ExportDownloadState.Failed, export, null, null);
    }

    /// <summary>Streams a ready export's content, chunk by chunk, opened with the subject's key.</summary>
    public async Task CopyToAsync(ExportDownload download, Stream output, CancellationToken cancellationToken)
    {
        if (download is not { State: ExportDownloadState.Ready, Export: { } export, Key: { } key })
        {
            throw new InvalidOperationException("Only a ready export can be copied.");
        }

        await foreach (var chunk in store.ReadChunksAsync(export.ExportId, 1, int.MaxValue, cancellationToken))
        {
            await output.WriteAsync(key.Open(chunk), cancellationToken);
        }
    }

    /// <summary>
    /// An export job: deletes expired exports, then writes this one from scratch (a retried attempt drops the chunks of
    /// the one before), reporting the events written as its progress. An export whose subject was deleted or that
    /// expired meanwhile is dropped and the job completes with nothing written.
    /// </summary>
    public async Task RunJobAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = ExportJobPayload.FromBytes(context.Payload.Span);
        await store.DeleteExpiredAsync(clock.GetUtcNow(), cancellationToken);
        var export = await store.FindAsync(context.WorkspaceId, payload.ExportId, cancellationToken);
        if (export is null)
        {
            return;
        }

        var workspace = await keyRing.GetWorkspaceAsync(context.WorkspaceId, cancellationToken);
        var key = await keyRing.FindSubjectKeyAsync(workspace, SubjectHash.FromBytes(payload.Subject), cancellationToken);
        var id = key is null ? null : await SubjectIdAsync(workspace, payload.Kind, key, cancellationToken);
        var subject = id is null ? null : await FindAsync(workspace, payload.Kind, id, payload.IncludesPhi, cancellationToken);
        if (subject is null || !ExportFormats.TryParse(payload.Format, out var format))
        {
            await store.DeleteAsync(export.ExportId, cancellationToken);
            return;
        }

        await store.DeleteChunksAsync(export.ExportId, cancellationToken);
        await context.SetTotalRowsAsync(subject.EventCount, cancellationToken);
        await context.ReportProgressAsync(0, null, cancellationToken);
        long written = 0;
        var chunks = new SealedChunkStream(store, export.ExportId, subject.Key, options.Value.ChunkBytes, token => context.ReportProgressAsync(written, null, token));
        await using (chunks)
        {
            var summary = await WriteAsync(subject, format, chunks, count => written = count, cancellationToken);
            await chunks.CompleteAsync(cancellationToken);
            if (await store.CompleteAsync(export.ExportId, subject.Key.Seal(summary.ToBytes()), chunks.Length, cancellationToken))
            {
                await context.ReportProgressAsync(summary.Events, null, cancellationToken);
            }
            else
            {
                await store.DeleteAsync(export.ExportId, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The subject's id, which the export shows: sealed in its profile row, or, for a user who was never identified
    /// (events only), in its first event.
    /// </summary>
    private async Task<string?> SubjectIdAsync(WorkspaceKeys workspace, SubjectKind kind, SubjectKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT sealed_id FROM {(kind == SubjectKind.Company ? "companies" : "users")} WHERE workspace_id = @w AND subject_hash = @s";
            command.AddParameter("@w", workspace.WorkspaceId);
            command.AddParameter("@s", key.Subject.ToBytes());
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] sealedId)
            {
                return System.Text.Encoding.UTF8.GetString(key.Open(sealedId));
            }
        }

        if (kind == SubjectKind.Company)
        {
            return null;
        }

        await using var first = connection.CreateCommand();
        first.CommandText = "SELECT sealed_data FROM events WHERE workspace_id = @w AND subject_hash = @s ORDER BY seq LIMIT 1";
        first.AddParameter("@w", workspace.WorkspaceId);
        first.AddParameter("@s", key.Subject.ToBytes());
        if (await first.ExecuteScalarAsync(cancellationToken) is not byte[] sealedData)
        {
            return null;
        }

        using var payload = JsonDocument.Parse(key.Open(sealedData));
        return payload.RootElement.TryGetProperty(EventPayload.UserId, out var userId) ? userId.GetString() : null;
    }
}
