using System.Globalization;
using Waymark.Api;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// The UTC calendar days a results query covers (<c>from</c> and <c>to</c> inclusive; default the last 30 days ending
/// today) and how they are bucketed: by day, ISO week (starting Monday) or month.
/// </summary>
internal sealed record ResultsRange(DateOnly From, DateOnly To, string Interval)
{
    public const int MaxDays = 366;
    private const int DefaultDays = 30;
    private static readonly string[] Intervals = ["day", "week", "month"];

    public long StartMs => new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The first instant after the range (exclusive end).</summary>
    public long EndMs => new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static Outcome<ResultsRange> Parse(string? from, string? to, string? interval, DateOnly today, string defaultInterval)
    {
        interval ??= defaultInterval;
        if (Array.IndexOf(Intervals, interval) < 0)
        {
            return Refusal.Invalid("invalid-interval", "Unknown interval", "interval is day, week (ISO weeks, starting Monday) or month.");
        }

        if (!TryDay(to, today, out var last) || !TryDay(from, last.AddDays(1 - DefaultDays), out var first))
        {
            return Refusal.Invalid("invalid-date", "Invalid date", "from and to are UTC calendar days written YYYY-MM-DD, such as 2026-11-01.");
        }

        if (first > last || last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            return Refusal.Invalid("invalid-range", "Invalid date range", $"from must be on or before to, and the range at most {MaxDays} days long.");
        }

        return new ResultsRange(first, last, interval);
    }

    /// <summary>The start of the bucket holding <paramref name="day"/>.</summary>
    public DateOnly BucketOf(DateOnly day) => Interval switch
    {
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        "month" => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    public DateOnly BucketOf(long unixMs) => BucketOf(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime));

    /// <summary>Every bucket start in the range, in order, so empty buckets are listed too.</summary>
    public IReadOnlyList<DateOnly> Buckets()
    {
        var buckets = new List<DateOnly>();
        for (var bucket = BucketOf(From); bucket <= To; bucket = Interval switch { "week" => bucket.AddDays(7), "month" => bucket.AddMonths(1), _ => bucket.AddDays(1) })
        {
            buckets.Add(bucket);
        }

        return buckets;
    }

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (text is null)
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
