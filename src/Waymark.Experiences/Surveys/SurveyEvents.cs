using Waymark.Ingest.Calls;

namespace Waymark.Experiences.Surveys;

/// <summary>The answer event the SDK tracks per question, and the properties it carries.</summary>
internal static class SurveyEvents
{
    public const string Answered = "$survey_answered";

    public const string QuestionId = "$question_id";
    public const string QuestionType = "$question_type";
    public const string Score = "$score";
    public const string Choices = "$choices";

    /// <summary>
    /// Not a reserved key: it takes the workspace's default class, so ingest seals it like any personal value. Ingest
    /// also refuses a text longer than <see cref="IngestLimits.MaxAnswerTextLength"/>.
    /// </summary>
    public const string AnswerText = IngestLimits.AnswerTextProperty;
}
