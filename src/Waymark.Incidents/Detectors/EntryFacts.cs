using System.Globalization;
using Waymark.Audit;

namespace Waymark.Incidents.Detectors;

/// <summary>Reading the details the recording code puts on entries.</summary>
internal static class EntryFacts
{
    public static string? Detail(this AuditEntryView entry, string key) =>
        entry.Details is { } details && details.TryGetValue(key, out var value) ? value : null;

    public static long Number(this AuditEntryView entry, string key, long fallback) =>
        long.TryParse(entry.Detail(key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Whether a space- or comma-separated permission list holds <paramref name="permission"/>.</summary>
    public static bool Lists(string? permissions, string permission) =>
        permissions is not null && permissions.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Contains(permission, StringComparer.Ordinal);

    public static bool InWorkspace(this AuditEntryView entry) => entry.WorkspaceId != AuditEvent.InstanceChain;

    public static string Minutes(TimeSpan window) => ((int)window.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";

    public static string Text(int count) => count.ToString(CultureInfo.InvariantCulture);
}
