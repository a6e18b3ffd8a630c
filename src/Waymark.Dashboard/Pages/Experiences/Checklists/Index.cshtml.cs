using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Checklists;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel : ExperiencePageModel
{
    internal ContentListView List { get; private set; } = null!;

    public async Task OnGetAsync() =>
        List = new ContentListView(Ws, "checklist", "checklists/edit", await Store.ListAsync(WorkspaceId, ContentKind.Checklist, HttpContext.RequestAborted), CanReadProgress);
}
