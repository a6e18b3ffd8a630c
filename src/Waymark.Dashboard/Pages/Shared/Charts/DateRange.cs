using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Waymark.Dashboard.Pages.Shared.Charts;

/// <summary>
/// A range of UTC calendar days, both ends included, as the analytics API takes them: at most
/// <see cref="MaxDays"/> days, the last <see cref="DefaultDays"/> days ending today unless asked otherwise.
/// </summary>
internal readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public const int DefaultDays = 30;

    public const string IsoFormat = "yyyy-MM-dd";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The <paramref name="days"/> days ending with <paramref name="today"/>.</summary>
    public static DateRange LastDays(int days, DateOnly today) => new(today.AddDays(1 - days), today);

    /// <summary>Today as a UTC calendar day.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Reads <c>from</c> and <c>to</c> (<c>YYYY-MM-DD</c>). A missing <c>to</c> is today; a missing <c>from</c> is the
    /// default length before <c>to</c>. Anything else that does not make a range is refused with what to do instead,
    /// and the default range comes with the refusal so the page can still show something.
    /// </summary>
    public static DateRangeQuery Parse(string? from, string? to, DateOnly today)
    {
        var fallback = LastDays(DefaultDays, today);
        DateOnly end = today;
        if (!string.IsNullOrWhiteSpace(to) && !TryDate(to, out end))
        {
            return new(fallback, "The end date is not a date: write it as YYYY-MM-DD, for example " + Iso(today) + ".");
        }

        DateOnly start = end.AddDays(1 - DefaultDays);
        if (!string.IsNullOrWhiteSpace(from) && !TryDate(from, out start))
        {
            return new(fallback, "The start date is not a date: write it as YYYY-MM-DD, for example " + Iso(today.AddDays(1 - DefaultDays)) + ".");
        }

        if (start > end)
        {
            return new(fallback, $"The start date ({Iso(start)}) is after the end date ({Iso(end)}): pick a start on or before the end.");
        }

        var range = new DateRange(start, end);
        return range.Days > MaxDays
            ? new(fallback, $"The range is {range.Days} days long: pick at most {MaxDays} days.")
            : new(range, null);
    }

    /// <summary>Reads the range from the request's query (<c>from</c>, <c>to</c>), today taken from <paramref name="time"/>.</summary>
    public static DateRangeQuery FromQuery(HttpRequest request, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Parse(request.Query["from"], request.Query["to"], Today(time));
    }

    public static string Iso(DateOnly date) => date.ToString(IsoFormat, CultureInfo.InvariantCulture);

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), IsoFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>The range a page shows, and why the one asked for was refused (null when it was not).</summary>
internal sealed record DateRangeQuery(DateRange Range, string? Error)
{
    public bool IsValid => Error is null;
}
