using System.Globalization;

namespace Waymark.Analytics.Tests.Support;

/// <summary>
/// The answers the analytics API should give, computed the slow, obvious way over the generated events, each written
/// from the contract rather than from the library's code.
/// </summary>
public static class BruteForce
{
    public sealed record Series(string Event, string? BreakdownValue, long Total, IReadOnlyList<(DateOnly Date, long Value)> Points);

    public sealed record Cohort(DateOnly Start, long Size, IReadOnlyList<long> Retained);

    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static DateOnly BucketOf(DateOnly date, string interval) => interval switch
    {
        "day" => date,
        "week" => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        _ => new DateOnly(date.Year, date.Month, 1),
    };

    public static DateOnly NextBucket(DateOnly start, string interval) => interval switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    public static List<DateOnly> Buckets(DateOnly from, DateOnly to, string interval)
    {
        var buckets = new List<DateOnly>();
        for (var b = BucketOf(from, interval); b <= to; b = NextBucket(b, interval))
        {
            buckets.Add(b);
        }

        return buckets;
    }

    public static string? ValueOf(object? plan) => plan switch
    {
        null => null,
        string s => s,
        int n => n.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException("Unexpected plan value"),
    };

    public static List<Series> Trend(Dataset data, IReadOnlyList<string> events, DateOnly from, DateOnly to, string interval, bool users, bool breakdown, Func<string, bool>? audience = null)
    {
        var buckets = Buckets(from, to, interval);
        var inRange = data.Events.Where(e => DateOf(e.At) >= from && DateOf(e.At) <= to && (audience?.Invoke(e.Subject) ?? true)).ToList();
        long Measure(IEnumerable<GeneratedEvent> group) => users ? group.Select(e => e.Subject).Distinct().Count() : group.Count();
        List<(DateOnly, long)> Points(IEnumerable<GeneratedEvent> group) =>
            buckets.Select(b => (b, Measure(group.Where(e => BucketOf(DateOf(e.At), interval) == b)))).ToList();

        var series = new List<Series>();
        foreach (var name in events)
        {
            var named = inRange.Where(e => e.Name == name).ToList();
            if (!breakdown)
            {
                series.Add(new Series(name, null, Measure(named), Points(named)));
                continue;
            }

            var top = named.Where(e => e.Plan is not null).GroupBy(e => ValueOf(e.Plan)!)
                .Select(g => (Value: g.Key, Total: Measure(g)))
                .OrderByDescending(v => v.Total).ThenBy(v => v.Value, StringComparer.Ordinal)
                .Take(10).Select(v => v.Value).ToList();
            foreach (var value in top)
            {
                var group = named.Where(e => ValueOf(e.Plan) == value).ToList();
                series.Add(new Series(name, value, Measure(group), Points(group)));
            }

            var other = named.Where(e => e.Plan is not null && !top.Contains(ValueOf(e.Plan)!)).ToList();
            if (other.Count > 0)
            {
                series.Add(new Series(name, "(other)", Measure(other), Points(other)));
            }

            var none = named.Where(e => e.Plan is null).ToList();
            if (none.Count > 0)
            {
                series.Add(new Series(name, "(none)", Measure(none), Points(none)));
            }
        }

        return series;
    }

    /// <summary>Users reaching each step: entry at the first step-1 event in range; each later step by the first unused event of its name at or after the previous step's time, within the window.</summary>
    public static long[] Funnel(Dataset data, IReadOnlyList<string> steps, DateOnly from, DateOnly to, int windowDays)
    {
        var reached = new long[steps.Count];
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var user in data.Events.GroupBy(e => e.Subject))
        {
            var path = user.OrderBy(e => e.At).ToList();
            var entry = path.FindIndex(e => e.Name == steps[0] && e.At >= start);
            if (entry < 0 || path[entry].At >= end)
            {
                continue;
            }

            var used = new HashSet<int> { entry };
            var deadline = path[entry].At.AddDays(windowDays);
            var at = path[entry].At;
            reached[0]++;
            for (var k = 1; k < steps.Count; k++)
            {
                var next = Enumerable.Range(0, path.Count).Where(i => !used.Contains(i) && path[i].Name == steps[k] && path[i].At >= at && path[i].At <= deadline).DefaultIfEmpty(-1).First();
                if (next < 0)
                {
                    break;
                }

                used.Add(next);
                at = path[next].At;
                reached[k]++;
            }
        }

        return reached;
    }

    public static List<Cohort> Retention(Dataset data, string? cohortEvent, string? returnEvent, string interval, int periods, DateOnly from, DateOnly to, DateOnly today)
    {
        var firstDays = cohortEvent is null
            ? data.FirstSeen.ToDictionary(u => u.Key, u => DateOf(u.Value))
            : data.Events.Where(e => e.Name == cohortEvent).GroupBy(e => e.Subject).ToDictionary(g => g.Key, g => g.Min(e => DateOf(e.At)));
        var members = firstDays.Where(u => u.Value >= from && u.Value <= to).ToList();
        var cohorts = new List<Cohort>();
        foreach (var start in Buckets(from, to, interval))
        {
            var cohort = members.Where(m => BucketOf(m.Value, interval) == start).Select(m => m.Key).ToHashSet();
            var retained = new List<long>();
            var bucket = start;
            for (var k = 0; k < periods && bucket <= today; k++, bucket = NextBucket(bucket, interval))
            {
                var b = bucket;
                retained.Add(data.Events.Where(e => cohort.Contains(e.Subject) && (returnEvent is null || e.Name == returnEvent) && BucketOf(DateOf(e.At), interval) == b && DateOf(e.At) <= today)
                    .Select(e => e.Subject).Distinct().Count());
            }

            cohorts.Add(new Cohort(start, cohort.Count, retained));
        }

        return cohorts;
    }
}
