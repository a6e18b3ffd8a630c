namespace Waymark.Api;

/// <summary>
/// Named permissions. Every endpoint requires exactly one of these (as an authorization policy of the same name)
/// or is marked anonymous with a reason.
/// </summary>
public static class Permissions
{
    public const string EventsWrite = "events:write";
    public const string DataRead = "data:read";
    public const string PhiRead = "phi:read";
    public const string SettingsManage = "settings:manage";

    /// <summary>The claim type that carries one permission of the caller.</summary>
    public const string ClaimType = "waymark:perm";

    public static readonly IReadOnlyList<string> All = [EventsWrite, DataRead, PhiRead, SettingsManage];
}
