using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Waymark.Ingest.Writing;

/// <summary>
/// The bounded in-memory queue between request handlers and the writer. Bounded by events, not requests,
/// so that a full queue refuses work (503) instead of accepting what it cannot write soon.
/// </summary>
internal sealed class IngestQueue(IOptions<IngestOptions> options)
{
    private readonly Channel<WriteRequest> _channel = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly int _capacity = options.Value.QueueCapacity;
    private long _depth;

    public long Depth => Interlocked.Read(ref _depth);

    /// <summary>True when the queue has fallen behind badly enough that readiness should fail.</summary>
    public bool Saturated => Depth >= _capacity * 9L / 10;

    internal ChannelReader<WriteRequest> Reader => _channel.Reader;

    public bool TryEnqueue(WriteRequest request)
    {
        if (Interlocked.Add(ref _depth, request.Size) > _capacity)
        {
            Interlocked.Add(ref _depth, -request.Size);
            return false;
        }

        if (_channel.Writer.TryWrite(request))
        {
            return true;
        }

        Interlocked.Add(ref _depth, -request.Size);
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();

    internal void Release(int size) => Interlocked.Add(ref _depth, -size);
}
