using System.Collections.Concurrent;

namespace Waymark.Audit;

/// <summary>
/// One audit entry per subject per interval, for events a client can repeat in a loop (a refused key, a refused
/// address, a rate limit): one entry per occurrence would flood the log and its writer, so the entries are spaced and
/// each carries how many occurrences were skipped since the one before. Nothing goes uncounted.
/// </summary>
/// <typeparam name="TKey">What the entries are spaced per: a key id, a partition, a caller and address.</typeparam>
public sealed class AuditThrottle<TKey>(TimeSpan interval, TimeProvider clock)
    where TKey : notnull
{
    /// <summary>Beyond this many subjects, those quiet for an interval are forgotten, so that a flood of distinct subjects cannot grow the table forever.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<TKey, Tally> _tallies = new();

    /// <summary>
    /// Counts one occurrence of <paramref name="key"/>. True when it is to be recorded (the first, or the first after
    /// the interval), with <paramref name="skipped"/> the occurrences not recorded since the previous entry.
    /// </summary>
    public bool ShouldRecord(TKey key, out long skipped)
    {
        var now = clock.GetUtcNow();
        var tally = _tallies.GetOrAdd(key, _ => new Tally());
        lock (tally)
        {
            if (tally.LastEntryAt is { } last && now - last < interval)
            {
                tally.Skipped++;
                skipped = 0;
                return false;
            }

            skipped = tally.Skipped;
            tally.Skipped = 0;
            tally.LastEntryAt = now;
        }

        if (_tallies.Count > PruneAbove)
        {
            Prune(now);
        }

        return true;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, tally) in _tallies)
        {
            lock (tally)
            {
                if (tally.LastEntryAt is { } last && now - last >= interval && tally.Skipped == 0)
                {
                    _tallies.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Tally
    {
        public long Skipped { get; set; }

        public DateTimeOffset? LastEntryAt { get; set; }
    }
}
