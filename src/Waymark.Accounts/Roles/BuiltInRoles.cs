using Waymark.Api;

namespace Waymark.Accounts.Roles;

/// <summary>
/// The five roles every workspace has. Admins hold everything but PHI (HIPAA's minimum necessary: an owner grants
/// <c>phi:read</c> on purpose, through a custom role or ownership); only owners let staff in (<c>support:approve</c>). Analysts read data and analytics; editors build
/// content; viewers only look.
/// </summary>
internal static class BuiltInRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<RoleView> All =
    [
        new(Owner, "Owner", true, Permissions.All.Where(p => p != Permissions.EventsWrite).ToList()),
        new(Admin, "Admin", true, [Permissions.WorkspaceView, Permissions.MembersManage, Permissions.KeysManage, Permissions.SettingsManage, Permissions.DataRead, Permissions.DataWrite, Permissions.DataDelete, Permissions.AuditRead, Permissions.SecurityManage, Permissions.ContentEdit, Permissions.AnalyticsRead]),
        new(Editor, "Editor", true, [Permissions.WorkspaceView, Permissions.ContentEdit, Permissions.AnalyticsRead]),
        new(Analyst, "Analyst", true, [Permissions.WorkspaceView, Permissions.AnalyticsRead, Permissions.DataRead]),
        new(Viewer, "Viewer", true, [Permissions.WorkspaceView]),
    ];

    /// <summary>Permissions a role may be built from (sending events belongs to keys, not people).</summary>
    public static IReadOnlyList<string> Assignable { get; } = Permissions.All.Where(p => p != Permissions.EventsWrite).ToList();

    public static RoleView? Find(string key) => All.FirstOrDefault(r => r.Key == key);
}
