using System.Data.Common;
using System.Globalization;
using System.Text;
using Waymark.Analytics.Activity;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

/// <summary>
/// The buckets of an interval over a span of days, each named by its first day. The database puts a day in its bucket
/// itself (<see cref="Sql"/>), so a query returns one row per bucket rather than one per day.
/// </summary>
internal sealed class Buckets
{
    private readonly List<int> _starts;

    private Buckets(Interval interval, List<int> starts)
    {
        Interval = interval;
        _starts = starts;
    }

    public Interval Interval { get; }

    /// <summary>The first day of each bucket, in order; the first holds the span's first day.</summary>
    public IReadOnlyList<int> Starts => _starts;

    /// <summary>Every bucket from the one holding <paramref name="firstDay"/> to the one holding <paramref name="lastDay"/>.</summary>
    public static Buckets Cover(Interval interval, int firstDay, int lastDay)
    {
        var starts = new List<int>();
        for (var start = StartOf(interval, firstDay); start <= lastDay; start = Next(interval, start))
        {
            starts.Add(start);
        }

        return new Buckets(interval, starts);
    }

    public static int StartOf(Interval interval, int day) => interval switch
    {
        Interval.Day => day,
        // 1970-01-01 was a Thursday: day 4 is the first Monday, so (day + 3) / 7 counts Monday-first weeks.
        Interval.Week => ((day + 3) / 7 * 7) - 3,
        _ => AnalyticsDays.Of(FirstOfMonth(AnalyticsDays.DateOf(day))),
    };

    public static int Next(Interval interval, int start) => interval switch
    {
        Interval.Day => start + 1,
        Interval.Week => start + 7,
        _ => AnalyticsDays.Of(AnalyticsDays.DateOf(start).AddMonths(1)),
    };

    private static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The position of the bucket starting on <paramref name="start"/>, or -1.</summary>
    public int IndexOf(int start) => _starts.BinarySearch(start) is var i and >= 0 ? i : -1;

    /// <summary>
    /// A SQL expression for the first day of the bucket holding <paramref name="day"/> (an integer expression of days
    /// since 1970); for months, a CASE over the buckets' first days, passed as parameters.
    /// </summary>
    public string Sql(string day, DbCommand command)
    {
        switch (Interval)
        {
            case Interval.Day:
                return day;
            case Interval.Week:
                return $"((({day}) + 3) / 7 * 7 - 3)";
            default:
                var sql = new StringBuilder("CASE");
                for (var i = _starts.Count - 1; i >= 0; i--)
                {
                    var name = "@bk" + i.ToString(CultureInfo.InvariantCulture);
                    if (!command.Parameters.Contains(name))
                    {
                        command.AddParameter(name, _starts[i]);
                    }

                    sql.Append(" WHEN ").Append(day).Append(" >= ").Append(name).Append(" THEN ").Append(name);
                }

                return sql.Append(" END").ToString();
        }
    }
}
