using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Telemetry;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// Group commit: each writer takes every request waiting in the queue (up to a limit), writes them in one
/// transaction and only then completes them, so every acknowledged event is committed and concurrent
/// requests share one fsync. On shutdown the queue is drained before the process exits.
/// </summary>
internal sealed partial class BatchWriter(
    IngestQueue queue,
    WaymarkDatabase database,
    IOptions<IngestOptions> options,
    IngestMetrics metrics,
    SuppressionFilter suppressions,
    IEnumerable<IStoredEventsObserver> observers,
    ILogger<BatchWriter> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = database.Provider == DatabaseProvider.Sqlite ? 1 : Math.Max(1, options.Value.PostgresWriters);
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync, CancellationToken.None)));
    }

    private async Task RunAsync()
    {
        await using IEventStore store = database.Provider == DatabaseProvider.Sqlite ? new SqliteEventStore(database, suppressions, [.. observers]) : new PostgresEventStore(database, suppressions, [.. observers]);
        var max = options.Value.MaxEventsPerCommit;
        var group = new List<WriteRequest>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            var events = 0;
            while (events < max && queue.Reader.TryRead(out var request))
            {
                group.Add(request);
                events += request.Size;
            }

            if (group.Count == 0)
            {
                continue;
            }

            await WriteGroupAsync(store, group, events);
        }
    }

    private async Task WriteGroupAsync(IEventStore store, List<WriteRequest> group, int size)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not cancellable: requests taken from the queue are finished even during shutdown, their callers are waiting.
            var outcomes = await store.WriteAsync(group, CancellationToken.None);
            metrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            metrics.BatchSize.Record(size);
            for (var i = 0; i < group.Count; i++)
            {
                metrics.Accepted.Add(outcomes[i].Stored);
                metrics.Duplicates.Add(outcomes[i].Duplicates);
                metrics.Suppressed.Add(outcomes[i].Suppressed);
                group[i].Completion.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception.GetType().Name, group.Count);
            foreach (var request in group)
            {
                request.Completion.TrySetException(exception);
            }
        }
        finally
        {
            queue.Release(size);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing a group of {Requests} requests failed with {ExceptionType}; they were not acknowledged and clients will retry")]
    private static partial void LogWriteFailed(ILogger logger, string exceptionType, int requests);
}
