using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel : ExperiencePageModel
{
    internal ContentListView List { get; private set; } = null!;

    public async Task OnGetAsync() =>
        List = new ContentListView(Ws, "survey", "surveys/edit", await Store.ListAsync(WorkspaceId, ContentKind.Survey, HttpContext.RequestAborted), CanReadProgress, HasResults: true);
}
