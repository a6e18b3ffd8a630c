namespace Waymark.Experiences.Progress;

/// <summary>The events the SDK tracks as a user goes through content, and the public properties they carry.</summary>
internal static class ProgressEvents
{
    public const string FlowStarted = "$flow_started";
    public const string FlowStepViewed = "$flow_step_viewed";
    public const string FlowCompleted = "$flow_completed";
    public const string FlowDismissed = "$flow_dismissed";
    public const string ChecklistShown = "$checklist_shown";
    public const string ChecklistDismissed = "$checklist_dismissed";
    public const string SurveyShown = "$survey_shown";
    public const string SurveyCompleted = "$survey_completed";
    public const string SurveyDismissed = "$survey_dismissed";

    public const string ContentId = "$content_id";
    public const string ContentVersion = "$content_version";
    public const string Step = "$step";

    public static bool IsProgress(string name) =>
        name is FlowStarted or FlowStepViewed or FlowCompleted or FlowDismissed or ChecklistShown or ChecklistDismissed
            or SurveyShown or SurveyCompleted or SurveyDismissed;
}
