using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Storage;

namespace Waymark.Audit.Writing;

/// <summary>
/// Group commit for the audit log: takes every entry waiting (up to a limit), appends them in one transaction and
/// only then completes their callers, so concurrent callers share one commit. One writer per process keeps this
/// process's entries in the order they were recorded; several processes are kept apart by the stores' locking.
/// It runs as a hosted service, and starts on first use in hosts that are never started (operator commands).
/// On shutdown the queue is drained before the process exits.
/// </summary>
internal sealed partial class AuditWriter(AuditQueue queue, WaymarkDatabase database, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan DisposeDrainTimeout = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private Task? _loop;

    public void EnsureStarted()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        queue.Complete();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        // Callers await their entries, so in a host that was never stopped the queue is normally empty by now.
        loop?.Wait(DisposeDrainTimeout);
    }

    private async Task RunAsync()
    {
        IAuditStore store = database.Provider == DatabaseProvider.Sqlite ? new SqliteAuditStore(database) : new PostgresAuditStore(database);
        var max = Math.Max(1, options.Value.MaxEntriesPerCommit);
        var group = new List<PendingEntry>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            while (group.Count < max && queue.Reader.TryRead(out var entry))
            {
                group.Add(entry);
            }

            if (group.Count > 0)
            {
                await AppendGroupAsync(store, group);
            }
        }
    }

    private async Task AppendGroupAsync(IAuditStore store, List<PendingEntry> group)
    {
        try
        {
            // Not cancellable: entries taken from the queue are finished even during shutdown, their callers are waiting.
            await store.AppendAsync(group, CancellationToken.None);
            foreach (var entry in group)
            {
                entry.Completion.TrySetResult();
            }
        }
        catch (Exception exception)
        {
            LogAppendFailed(logger, exception.GetType().Name, group.Count);
            foreach (var entry in group)
            {
                entry.Completion.TrySetException(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending {Entries} audit entries failed with {ExceptionType}; their callers were given the error")]
    private static partial void LogAppendFailed(ILogger logger, string exceptionType, int entries);
}
