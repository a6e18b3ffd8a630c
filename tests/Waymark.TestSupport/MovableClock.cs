namespace Waymark.TestSupport;

/// <summary>
/// The server's clock for tests about time limits: it runs with the real clock, and a test moves it forward instead of
/// waiting (sessions unused for half an hour, a sign-in twelve hours old).
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
