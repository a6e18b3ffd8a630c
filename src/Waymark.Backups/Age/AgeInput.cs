namespace Waymark.Backups.Age;

/// <summary>
/// Reads the text header line by line and then the binary payload from one stream, without reading past what it
/// hands out: the bytes buffered while looking for line ends are returned first by <see cref="ReadFullyAsync"/>.
/// </summary>
internal sealed class AgeInput(Stream stream)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next line without its <c>\n</c>, or null at end of stream or when longer than <paramref name="maxLength"/>.</summary>
    public async Task<byte[]?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            line.AddRange(_buffer.AsSpan(_start, take));
            if (line.Count > maxLength)
            {
                return null;
            }

            _start += take;
            if (newline >= 0)
            {
                _start++;
                return [.. line];
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> as far as the stream allows; fewer bytes only at its end.</summary>
    public async Task<int> ReadFullyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < destination.Length)
        {
            if (_start < _end)
            {
                var count = Math.Min(_end - _start, destination.Length - total);
                _buffer.AsMemory(_start, count).CopyTo(destination[total..]);
                _start += count;
                total += count;
                continue;
            }

            var read = await stream.ReadAsync(destination[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
