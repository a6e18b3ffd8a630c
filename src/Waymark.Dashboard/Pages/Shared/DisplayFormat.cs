using System.Globalization;

namespace Waymark.Dashboard.Pages.Shared;

/// <summary>How times read on the pages: UTC, minute precision, the same on every node whatever its locale.</summary>
public static class DisplayFormat
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time, string none) => time is { } value ? Time(value) : none;

    /// <summary>The machine-readable form for a <c>time</c> element's <c>datetime</c> attribute.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
