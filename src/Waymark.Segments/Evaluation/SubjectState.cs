using System.Text.Json;

namespace Waymark.Segments.Evaluation;

/// <summary>
/// What the evaluator needs of one user, read in one round trip by <see cref="SubjectStateLoader"/>: public traits,
/// their companies' public traits, blind-index terms, when they were first seen and daily counts of the events that
/// the segments at hand mention. Events not asked for count as never done.
/// </summary>
internal sealed class SubjectState
{
    public const long DayMilliseconds = 86_400_000;

    private static readonly Dictionary<string, EventDay[]> NoEvents = new(StringComparer.Ordinal);

    public SubjectState(bool exists, JsonElement publicTraits, IReadOnlyList<JsonElement> companies, IReadOnlySet<UInt128> blindTerms, long? firstSeenMs, IReadOnlyDictionary<string, EventDay[]>? events)
    {
        Exists = exists;
        PublicTraits = publicTraits;
        Companies = companies;
        BlindTerms = blindTerms;
        FirstSeenMs = firstSeenMs;
        Events = events ?? NoEvents;
    }

    /// <summary>A user Waymark has never stored: no traits, no companies, no events.</summary>
    public static SubjectState Unknown { get; } = new(false, default, [], new HashSet<UInt128>(), null, null);

    public bool Exists { get; }

    /// <summary>The user's <c>public_traits</c> object, or an undefined element when there are none.</summary>
    public JsonElement PublicTraits { get; }

    /// <summary>Each company's <c>public_traits</c> (undefined when the company has none), one per membership.</summary>
    public IReadOnlyList<JsonElement> Companies { get; }

    public IReadOnlySet<UInt128> BlindTerms { get; }

    /// <summary>Unix milliseconds of <c>users.created_at</c>.</summary>
    public long? FirstSeenMs { get; }

    public IReadOnlyDictionary<string, EventDay[]> Events { get; }

    /// <summary>
    /// How many times the user did <paramref name="name"/> in the last <paramref name="withinDays"/> UTC days including
    /// today (ever when null), counted the way the segment SQL counts.
    /// </summary>
    public long CountEvents(string name, int? withinDays, DateTimeOffset now) => CountEvents(name, withinDays, now.ToUnixTimeMilliseconds());

    internal long CountEvents(string name, int? withinDays, long nowMs)
    {
        if (!Events.TryGetValue(name, out var days))
        {
            return 0;
        }

        var first = withinDays is { } n ? FirstDayOfWindow(n, nowMs) : long.MinValue;
        long total = 0;
        foreach (var day in days)
        {
            if (day.Day >= first)
            {
                total += day.Count;
            }
        }

        return total;
    }

    /// <summary>The first UTC day (days since the Unix epoch) of a window of <paramref name="days"/> days ending today.</summary>
    public static long FirstDayOfWindow(int days, long nowMs) => Math.DivRem(nowMs, DayMilliseconds).Quotient - days + 1;

    /// <summary>The instant <paramref name="days"/> whole days before now, in Unix milliseconds.</summary>
    public static long DaysAgo(int days, long nowMs) => nowMs - (days * DayMilliseconds);
}
