using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Export;

/// <summary>
/// A write-only stream that seals what is written to it in chunks of a fixed size under the subject's key and stores
/// each as a row of <c>subject_export_chunks</c> (from seq 1), so that a job's export is never whole in memory and
/// never on disk in clear. <see cref="CompleteAsync"/> stores the last, partial chunk.
/// </summary>
internal sealed class SealedChunkStream(ExportStore store, string exportId, SubjectKey key, int chunkBytes, Func<CancellationToken, Task> chunkStored) : Stream
{
    private readonly byte[] _chunk = new byte[chunkBytes];
    private int _filled;
    private int _seq;

    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _chunk.Length - _filled);
            buffer.Span[..take].CopyTo(_chunk.AsSpan(_filled));
            _filled += take;
            _length += take;
            buffer = buffer[take..];
            if (_filled == _chunk.Length)
            {
                await StoreAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Stores what is left; answers the number of the last content chunk.</summary>
    public async Task<int> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await StoreAsync(cancellationToken);
        }

        return _seq;
    }

    public override void Flush()
    {
        // Chunks are stored as they fill and by CompleteAsync; there is nothing buffered that a flush could push further.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously: each chunk is stored in the database.");

    private async Task StoreAsync(CancellationToken cancellationToken)
    {
        await store.InsertChunkAsync(exportId, ++_seq, key.Seal(_chunk.AsSpan(0, _filled)), cancellationToken);
        _filled = 0;
        await chunkStored(cancellationToken);
    }
}
