using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Checklists;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class EditModel : ContentEditorModel<ChecklistForm>
{
    private protected override ContentKind Kind => ContentKind.Checklist;

    private protected override string EditorPage => "/Experiences/Checklists/Edit";
}
