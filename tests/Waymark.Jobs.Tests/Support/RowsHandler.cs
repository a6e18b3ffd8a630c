using System.Globalization;

namespace Waymark.Jobs.Tests.Support;

/// <summary>
/// A job over the payload's bytes, one row each: <see cref="Ok"/> succeeds, <see cref="Bad"/> fails the row, and
/// <see cref="Wait"/> succeeds after the test opens the job's gate. It sets the job's total when enqueued without one. Progress is saved after every row with the next
/// row's index as checkpoint, so a resumed run starts after the last saved row.
/// </summary>
public sealed class RowsHandler(JobRecorder recorder) : IJobHandler
{
    public const string JobType = "test.rows";

    public const byte Ok = 0;

    public const byte Bad = 1;

    public const byte Wait = 2;

    public string Type => JobType;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        recorder.Started(context);
        var rows = context.Payload.ToArray();
        if (context.TotalRows != rows.Length)
        {
            await context.SetTotalRowsAsync(rows.Length, cancellationToken);
        }

        var start = context.Checkpoint is { } checkpoint ? long.Parse(checkpoint, CultureInfo.InvariantCulture) : 0;
        for (var row = start; row < rows.Length; row++)
        {
            if (rows[row] == Wait)
            {
                recorder.Waiting(context.JobId).TrySetResult();
                await recorder.Gate(context.JobId).Task.WaitAsync(cancellationToken);
            }

            recorder.Processed(context.JobId, row);
            if (rows[row] == Bad)
            {
                context.AddRowError(row, "Row rejected by the test handler.");
            }

            await context.ReportProgressAsync(row + 1, (row + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
    }
}

/// <summary>A handler that always throws, to use up a job's attempts.</summary>
public sealed class ThrowingHandler(JobRecorder recorder) : IJobHandler
{
    public const string JobType = "test.throws";

    public string Type => JobType;

    public Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        recorder.Started(context);
        throw new InvalidOperationException("The test handler always fails.");
    }
}
