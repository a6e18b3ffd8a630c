using System.Globalization;

namespace Waymark.Backups.Retention;

/// <summary>
/// Grandfather-father-son retention: of the backups at a location, keep the newest of each of the <c>Daily</c> most
/// recent days that have one, of each of the <c>Weekly</c> most recent ISO weeks, and of each of the <c>Monthly</c> most
/// recent months; every other backup may go. The newest backup is always kept, whatever the settings.
/// </summary>
internal static class RetentionPlan
{
    public static IReadOnlySet<string> Keep(IEnumerable<(string Id, DateTimeOffset CreatedAt)> backups, BackupRetentionOptions retention)
    {
        var newestFirst = backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        if (newestFirst.Count > 0)
        {
            keep.Add(newestFirst[0].Id);
        }

        KeepNewestPer(newestFirst, b => b.CreatedAt.UtcDateTime.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), retention.Daily, keep);
        KeepNewestPer(newestFirst, b => $"{ISOWeek.GetYear(b.CreatedAt.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(b.CreatedAt.UtcDateTime)}", retention.Weekly, keep);
        KeepNewestPer(newestFirst, b => b.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), retention.Monthly, keep);
        return keep;
    }

    private static void KeepNewestPer(List<(string Id, DateTimeOffset CreatedAt)> newestFirst, Func<(string Id, DateTimeOffset CreatedAt), string> period, int periods, HashSet<string> keep)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backup in newestFirst)
        {
            if (seen.Count >= periods && !seen.Contains(period(backup)))
            {
                break;
            }

            if (seen.Add(period(backup)))
            {
                keep.Add(backup.Id);
            }
        }
    }
}
