using Waymark.Accounts.Invitations;
using Waymark.Accounts.Members;
using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Members;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel(MemberDirectory members, InvitationService invitations, RoleCatalog roles) : WorkspacePageModel
{
    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>Pending invitations name people who are not members yet; only those who manage members see them.</summary>
    public IReadOnlyList<InvitationView>? Pending { get; private set; }

    public bool CanManage => User.Has(Permissions.MembersManage);

    private IReadOnlyDictionary<string, string> RoleNames { get; set; } = new Dictionary<string, string>();

    public string RoleName(string key) => RoleNames.GetValueOrDefault(key, key);

    public async Task OnGetAsync()
    {
        Members = await members.MembersAsync(WorkspaceId, HttpContext.RequestAborted);
        if (CanManage)
        {
            Pending = await invitations.PendingAsync(WorkspaceId, HttpContext.RequestAborted);
            RoleNames = (await roles.MatrixAsync(WorkspaceId, HttpContext.RequestAborted)).Roles.ToDictionary(r => r.Key, r => r.Name);
        }
    }
}
