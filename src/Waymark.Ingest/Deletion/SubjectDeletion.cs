using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Jobs;
using Waymark.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// Accepts deletions. In one transaction, before the answer: the subjects' data keys are destroyed (their sealed
/// values are unreadable from the commit on, in backups too), their blind-index terms and finished exports removed,
/// they are suppressed (later events dropped and counted), entered in the deletion ledger, and a purge job is queued
/// that removes the remaining rows. Ids are hashed at once; only hashes are stored.
/// </summary>
internal sealed class SubjectDeletion(WaymarkDatabase database, KeyRing keyRing, JobQueue jobs, IAuditLog audit, TimeProvider clock)
{
    public static string JobTypeOf(SubjectKind kind) => kind == SubjectKind.Company ? "delete_companies" : "delete_users";

    /// <summary>
    /// Deletes the subjects of the valid rows and records the invalid ones as failed rows of the job.
    /// <paramref name="ids"/> holds one entry per request row: the id, or null with the reason it is not one.
    /// </summary>
    public Task<DeletionAccepted> AcceptAsync(HttpContext context, SubjectKind kind, IReadOnlyList<(string? Id, string? Error)> ids) =>
        AcceptAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), kind, ids);

    /// <inheritdoc cref="AcceptAsync(HttpContext, SubjectKind, IReadOnlyList{ValueTuple{string, string}})"/>
    public async Task<DeletionAccepted> AcceptAsync(Caller caller, long workspaceId, SubjectKind kind, IReadOnlyList<(string? Id, string? Error)> ids)
    {
        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, CancellationToken.None);
        var rows = new List<(int Row, SubjectHash Subject)>(ids.Count);
        var failed = new List<JobRowError>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i].Id is { } id)
            {
                rows.Add((i, workspace.HashSubject(kind, id)));
            }
            else
            {
                failed.Add(new JobRowError(i, ids[i].Error ?? "The id is not valid."));
            }
        }

        var jobId = await DeleteHashesAsync(caller, workspaceId, kind, rows, ids.Count, failed, deletedAt: null);
        return new DeletionAccepted(jobId, ids.Count, failed.Count);
    }

    /// <summary>
    /// Deletes subjects known only by their keyed hashes: the ledger replay after a restore, which never saw the ids.
    /// <paramref name="deletedAt"/> keeps the original deletion time in the ledger.
    /// </summary>
    public Task<string> DeleteHashesAsync(Caller caller, long workspaceId, SubjectKind kind, IReadOnlyList<SubjectHash> subjects, DateTimeOffset deletedAt) =>
        DeleteHashesAsync(caller, workspaceId, kind, subjects.Select((s, i) => (i, s)).ToList(), subjects.Count, [], deletedAt.ToUnixTimeMilliseconds());

    private async Task<string> DeleteHashesAsync(
        Caller caller, long workspaceId, SubjectKind kind, List<(int Row, SubjectHash Subject)> rows, int totalRows, List<JobRowError> failed, long? deletedAt)
    {
        var subjects = rows.Select(r => r.Subject).Distinct().ToList();
        var payload = new DeletionPayload(kind, rows).Encode();

        // Not cancellable once started: the caller is told only after the commit, and a half-done acceptance cannot exist.
        var cancellationToken = CancellationToken.None;
        string jobId;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await SuppressionLock.TakeExclusiveAsync(connection, transaction, database.Provider, cancellationToken);
            await keyRing.DestroySubjectKeysAsync(workspaceId, subjects, transaction, cancellationToken);
            await SubjectRows.DeleteIndexAndExportsAsync(transaction, workspaceId, subjects, cancellationToken);
            jobId = await jobs.EnqueueWithinAsync(transaction, workspaceId, JobTypeOf(kind), payload, totalRows, failed, cancellationToken);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await SuppressAsync(transaction, workspaceId, kind, subjects, now, cancellationToken);
            await RecordInLedgerAsync(transaction, workspaceId, kind, subjects, deletedAt ?? now, jobId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // A destroyed key may have been cached again by a request that read it between the delete and the commit.
        keyRing.Forget(workspaceId, subjects);
        jobs.Wake();
        await audit.RecordAsync(
            caller.Audit(workspaceId, AuditActions.SubjectDeleted, AuditOutcome.Success, TargetTypeOf(kind), TargetOf(subjects), new Dictionary<string, string>
            {
                ["job_id"] = jobId,
                ["subjects"] = subjects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["invalid_rows"] = failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellationToken);
        return jobId;
    }

    /// <summary>Lifts the suppression of one subject; answers the events dropped while it lasted, or null when it was not suppressed.</summary>
    public Task<long?> UnsuppressAsync(HttpContext context, SubjectKind kind, string id) =>
        UnsuppressAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), kind, id, context.RequestAborted);

    /// <inheritdoc cref="UnsuppressAsync(HttpContext, SubjectKind, string)"/>
    public async Task<long?> UnsuppressAsync(Caller caller, long workspaceId, SubjectKind kind, string id, CancellationToken cancellationToken)
    {
        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, cancellationToken);
        var subject = workspace.HashSubject(kind, id);
        long? dropped = null;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM subject_suppressions WHERE workspace_id = @w AND subject_hash = @s RETURNING dropped_events";
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@s", subject.ToBytes());
            if (await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull)
            {
                dropped = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (dropped is not null)
        {
            await audit.RecordAsync(
                caller.Audit(workspaceId, AuditActions.SubjectUnsuppressed, AuditOutcome.Success, TargetTypeOf(kind), Convert.ToHexStringLower(subject.ToBytes()), new Dictionary<string, string>
                {
                    ["dropped_events"] = dropped.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
                CancellationToken.None);
        }

        return dropped;
    }

    /// <summary>The suppression of one subject, or null when it is not suppressed.</summary>
    public async Task<SuppressionView?> FindSuppressionAsync(long workspaceId, SubjectKind kind, string id, CancellationToken cancellationToken)
    {
        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT suppressed_at, dropped_events FROM subject_suppressions WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", workspace.HashSubject(kind, id).ToBytes());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SuppressionView(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1))
            : null;
    }

    private static string TargetTypeOf(SubjectKind kind) => kind == SubjectKind.Company ? "company" : "user";

    /// <summary>A single subject is named by its hash; a batch by its size (the hashes are in the ledger, under the job id).</summary>
    private static string TargetOf(List<SubjectHash> subjects) =>
        subjects.Count == 1 ? Convert.ToHexStringLower(subjects[0].ToBytes()) : $"{subjects.Count} subjects";

    private static async Task SuppressAsync(DbTransaction transaction, long workspaceId, SubjectKind kind, List<SubjectHash> subjects, long now, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO subject_suppressions (workspace_id, subject_hash, kind, suppressed_at, dropped_events) VALUES (@w, @s, @k, @t, 0)
            ON CONFLICT (workspace_id, subject_hash) DO NOTHING
            """;
        command.AddParameter("@w", workspaceId);
        var s = command.AddParameter("@s", Array.Empty<byte>());
        command.AddParameter("@k", (int)kind);
        command.AddParameter("@t", now);
        foreach (var subject in subjects)
        {
            s.Value = subject.ToBytes();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task RecordInLedgerAsync(DbTransaction transaction, long workspaceId, SubjectKind kind, List<SubjectHash> subjects, long now, string jobId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO deletion_ledger (workspace_id, subject_hash, kind, deleted_at, job_id) VALUES (@w, @s, @k, @t, @j)";
        command.AddParameter("@w", workspaceId);
        var s = command.AddParameter("@s", Array.Empty<byte>());
        command.AddParameter("@k", (int)kind);
        command.AddParameter("@t", now);
        command.AddParameter("@j", jobId);
        foreach (var subject in subjects)
        {
            s.Value = subject.ToBytes();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

internal sealed record DeletionAccepted(string JobId, int TotalRows, int InvalidRows);

internal sealed record SuppressionView(DateTimeOffset SuppressedAt, long DroppedEvents);
