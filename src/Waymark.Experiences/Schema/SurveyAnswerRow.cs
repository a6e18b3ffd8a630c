namespace Waymark.Experiences.Schema;

/// <summary>
/// One answer to one survey question, derived from a <c>$survey_answered</c> event in the writer's transaction. Holds
/// only public values (score, chosen option ids); the free text stays sealed in the event row. Deleted with the user.
/// </summary>
internal sealed class SurveyAnswerRow
{
    public long WorkspaceId { get; set; }

    public string ContentId { get; set; } = "";

    public string QuestionId { get; set; } = "";

    public byte[] SubjectHash { get; set; } = [];

    public long AnsweredAt { get; set; }

    public int Version { get; set; }

    /// <summary>The NPS or rating score; null for other question types.</summary>
    public int? Score { get; set; }

    /// <summary>The chosen option ids as a JSON array; null for other question types.</summary>
    public string? Choices { get; set; }
}
