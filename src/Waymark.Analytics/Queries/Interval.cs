namespace Waymark.Analytics.Queries;

/// <summary>How points and cohorts are grouped: UTC days, ISO weeks (Monday first) or calendar months.</summary>
/// <remarks>The values are stored: <c>activity_periods.period</c> holds 1 for weeks and 2 for months.</remarks>
internal enum Interval
{
    Day = 0,
    Week = 1,
    Month = 2,
}
