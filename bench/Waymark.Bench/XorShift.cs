namespace Waymark.Bench;

/// <summary>
/// xorshift64* — a small, fast, seedable generator for load data. Not for anything secret
/// (the repository bans <c>System.Random</c>; benchmark data only needs to be reproducible and cheap).
/// </summary>
internal sealed class XorShift(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 2685821657736338717UL;
    }

    public long NextInt64() => (long)NextUInt64();

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => (int)((NextUInt64() >> 33) % (ulong)max);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public void Fill(Span<byte> destination)
    {
        var i = 0;
        while (i + 8 <= destination.Length)
        {
            BitConverter.TryWriteBytes(destination[i..], NextUInt64());
            i += 8;
        }

        if (i < destination.Length)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, NextUInt64());
            last[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }
}
