using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Waymark.Audit.Writing;

/// <summary>The bounded queue between callers of <see cref="IAuditLog.RecordAsync"/> and the one writer of this process.</summary>
internal sealed class AuditQueue(IOptions<AuditOptions> options)
{
    private readonly Channel<PendingEntry> _channel = Channel.CreateBounded<PendingEntry>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });

    public ChannelReader<PendingEntry> Reader => _channel.Reader;

    public async ValueTask EnqueueAsync(PendingEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(entry, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new InvalidOperationException("The audit log is shut down; the event was not recorded.", exception);
        }
    }

    /// <summary>Stops accepting entries; the writer still drains what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
