using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Flows;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class EditModel : ContentEditorModel<FlowForm>
{
    private protected override ContentKind Kind => ContentKind.Flow;

    private protected override string EditorPage => "/Experiences/Flows/Edit";
}
