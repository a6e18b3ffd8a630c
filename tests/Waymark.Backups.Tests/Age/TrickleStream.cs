namespace Waymark.Backups.Tests.Age;

/// <summary>
/// A forward-only stream that hands out at most a few bytes per read and cannot seek or tell its length, like a
/// network or pipe stream: proves the age code streams and copes with short reads.
/// </summary>
internal sealed class TrickleStream(byte[] content, int maxReadLength) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var length = Math.Min(Math.Min(count, maxReadLength), content.Length - _position);
        content.AsSpan(_position, length).CopyTo(buffer.AsSpan(offset));
        _position += length;
        return length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
