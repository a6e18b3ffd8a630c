using System.Diagnostics;
using System.Globalization;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Jobs;
using Waymark.Storage;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// The second half of a deletion: removes the rows of each subject the acceptance already shredded, a batch per
/// transaction, and completes a row per subject. Idempotent: a row purged twice finds nothing the second time, so a job
/// resumed by another worker (from the last saved row) just carries on.
/// </summary>
internal sealed class SubjectPurgeHandler(SubjectKind kind, WaymarkDatabase database, IAuditLog audit, IReadOnlyList<ISubjectRowsOwner> owners) : IJobHandler
{
    /// <summary>Large enough that a million events take a hundred commits; small enough that ingest waits at most a moment behind one.</summary>
    internal const int EventBatch = 10_000;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public string Type => SubjectDeletion.JobTypeOf(kind);

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = DeletionPayload.Decode(context.Payload.Span);
        var next = context.Checkpoint is { } checkpoint ? int.Parse(checkpoint, CultureInfo.InvariantCulture) : 0;
        long events = 0, profiles = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await SqliteScrubbing.BeginAsync(connection, cancellationToken);
        var lastReport = Stopwatch.GetTimestamp();
        for (var i = next; i < payload.Rows.Count; i++)
        {
            var subject = payload.Rows[i].Subject;
            int purged;
            do
            {
                purged = await SubjectRows.PurgeEventsAsync(connection, context.WorkspaceId, kind, subject, EventBatch, cancellationToken);
                events += purged;
            }
            while (purged > 0);

            profiles += await SubjectRows.PurgeProfileAsync(connection, context.WorkspaceId, kind, subject, owners, cancellationToken);
            if (i == payload.Rows.Count - 1 || Stopwatch.GetElapsedTime(lastReport) >= ProgressInterval)
            {
                await context.ReportProgressAsync(context.FailedRows + i + 1, (i + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
                lastReport = Stopwatch.GetTimestamp();
            }
        }

        await SqliteScrubbing.FinishAsync(connection, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(context.WorkspaceId, AuditActions.SubjectPurged, AuditActor.System, AuditOutcome.Success, kind == SubjectKind.Company ? "company" : "user", context.JobId, null, null, new Dictionary<string, string>
            {
                ["job_id"] = context.JobId,
                ["subjects"] = payload.Rows.Count.ToString(CultureInfo.InvariantCulture),
                ["events"] = events.ToString(CultureInfo.InvariantCulture),
                ["profile_rows"] = profiles.ToString(CultureInfo.InvariantCulture),
            }),
            CancellationToken.None);
    }
}
