namespace Waymark.Analytics.Schema;

/// <summary>
/// One subject was active in one ISO week or calendar month. Weekly and monthly retention count, for each cohort
/// member, the periods they came back in: from <see cref="ActivityDayRow"/> that means reading and de-duplicating up to
/// 7 or 31 rows per period, from this rollup one row. <see cref="Period"/> holds the query interval (1 week, 2 month).
/// </summary>
internal sealed class ActivityPeriodRow
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public short Period { get; set; }

    /// <summary>The period's first day, in days since 1970-01-01 (UTC).</summary>
    public int Start { get; set; }
}
