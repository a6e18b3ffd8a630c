namespace Waymark.Analytics.Queries;

/// <summary>How points and cohorts are grouped: UTC days, ISO weeks (Monday first) or calendar months.</summary>
internal enum Interval
{
    Day,
    Week,
    Month,
}
