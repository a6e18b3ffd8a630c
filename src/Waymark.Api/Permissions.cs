namespace Waymark.Api;

/// <summary>
/// Named permissions. Every endpoint and dashboard page requires exactly one of these (as an authorization policy of the
/// same name) or is marked anonymous with a reason. Roles are sets of them; server keys carry a subset as their scope.
/// </summary>
public static class Permissions
{
    /// <summary>See the workspace in the dashboard: its members, roles and keys (never their secrets). Every role has it.</summary>
    public const string WorkspaceView = "workspace:view";

    /// <summary>Send events (write keys; a server key may carry it too).</summary>
    public const string EventsWrite = "events:write";

    /// <summary>Invite and remove members, change their roles, define custom roles.</summary>
    public const string MembersManage = "members:manage";

    /// <summary>Create, rotate and revoke keys.</summary>
    public const string KeysManage = "keys:manage";

    /// <summary>Change workspace settings, such as data classes.</summary>
    public const string SettingsManage = "settings:manage";

    /// <summary>Read end users' personal data (profiles, traits, events); every read is audited.</summary>
    public const string DataRead = "data:read";

    /// <summary>Correct end users' and companies' stored traits (rectification); every change is audited.</summary>
    public const string DataWrite = "data:write";

    /// <summary>Delete end users and companies.</summary>
    public const string DataDelete = "data:delete";

    /// <summary>Read values classified as PHI; every read is audited.</summary>
    public const string PhiRead = "phi:read";

    /// <summary>Read and export the audit log.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>See and work security incidents, set where they are sent, and run access reviews.</summary>
    public const string SecurityManage = "security:manage";

    /// <summary>Approve, deny or end an instance operator's request for time-boxed access to the workspace (support tickets).</summary>
    public const string SupportApprove = "support:approve";

    /// <summary>Author flows, checklists and surveys.</summary>
    public const string ContentEdit = "content:edit";

    /// <summary>Read aggregate analytics (public keys only, never personal values).</summary>
    public const string AnalyticsRead = "analytics:read";

    /// <summary>
    /// Manage one's own account and see the workspaces one belongs to. Every signed-in person has it; it is not part of
    /// any role because it concerns no workspace.
    /// </summary>
    public const string AccountSelf = "account:self";

    /// <summary>
    /// Run the installation itself (backups and their checks). Held by instance operators and the instance owner, set
    /// at sign-in; like <see cref="AccountSelf"/> it concerns no workspace and is part of no role.
    /// </summary>
    public const string InstanceOperate = "instance:operate";

    /// <summary>The claim type that carries one permission of the caller.</summary>
    public const string ClaimType = "waymark:perm";

    public static readonly IReadOnlyList<string> All =
    [
        WorkspaceView, EventsWrite, MembersManage, KeysManage, SettingsManage, DataRead, DataWrite, DataDelete, PhiRead, AuditRead, SecurityManage, SupportApprove, ContentEdit, AnalyticsRead,
    ];

    /// <summary>What each permission allows, in words, for the roles matrix.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [WorkspaceView] = "See the workspace: members, roles, keys (never their secrets)",
        [EventsWrite] = "Send events",
        [MembersManage] = "Invite and remove members, change roles, define custom roles",
        [KeysManage] = "Create, rotate and revoke keys",
        [SettingsManage] = "Change workspace settings such as data classes",
        [DataRead] = "Read end users' personal data (audited)",
        [DataWrite] = "Correct end users' and companies' traits (audited)",
        [DataDelete] = "Delete end users and companies",
        [PhiRead] = "Read values classified as PHI (audited)",
        [AuditRead] = "Read and export the audit log",
        [SecurityManage] = "Work security incidents and access reviews",
        [SupportApprove] = "Approve or deny staff access to the workspace",
        [ContentEdit] = "Author flows, checklists and surveys",
        [AnalyticsRead] = "Read aggregate analytics",
    };

    public static bool IsKnown(string permission) => permission is AccountSelf or InstanceOperate || Descriptions.ContainsKey(permission);
}
