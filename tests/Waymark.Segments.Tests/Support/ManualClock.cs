namespace Waymark.Segments.Tests.Support;

/// <summary>A clock whose elapsed time moves only when the test says so (for a cache's freshness, not for dates).</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
