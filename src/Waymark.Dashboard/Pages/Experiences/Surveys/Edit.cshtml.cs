using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class EditModel : ContentEditorModel<SurveyForm>
{
    private protected override ContentKind Kind => ContentKind.Survey;

    private protected override string EditorPage => "/Experiences/Surveys/Edit";
}
