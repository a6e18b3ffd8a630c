using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Roles;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel(RoleCatalog roles) : WorkspacePageModel
{
    public RoleMatrix Matrix { get; private set; } = null!;

    public bool CanManage => User.Has(Permissions.MembersManage);

    public async Task OnGetAsync()
    {
        Matrix = await roles.MatrixAsync(WorkspaceId, HttpContext.RequestAborted);
    }
}
