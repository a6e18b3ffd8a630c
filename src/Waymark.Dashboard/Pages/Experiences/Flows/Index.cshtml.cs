using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Flows;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel : ExperiencePageModel
{
    internal ContentListView List { get; private set; } = null!;

    public async Task OnGetAsync() =>
        List = new ContentListView(Ws, "flow", "flows/edit", await Store.ListAsync(WorkspaceId, ContentKind.Flow, HttpContext.RequestAborted), CanReadProgress);
}
