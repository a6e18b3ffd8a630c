namespace Waymark.Firewall.AllowLists;

/// <summary>
/// The two things a workspace can fence by address: its dashboard (members' sessions) and its server keys. Write keys
/// ship in browsers, whose addresses nobody can list, so no list applies to them.
/// </summary>
internal static class AllowListSurface
{
    public const string Dashboard = "dashboard";

    public const string Api = "api";

    public static readonly IReadOnlyList<string> All = [Dashboard, Api];

    public static bool IsKnown(string? surface) => surface is Dashboard or Api;

    /// <summary>How people call the surface in messages.</summary>
    public static string Describe(string surface) => surface == Dashboard ? "dashboard allow list" : "server-key (api) allow list";
}
