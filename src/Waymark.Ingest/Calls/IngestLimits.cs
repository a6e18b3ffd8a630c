namespace Waymark.Ingest.Calls;

/// <summary>Segment's published limits, so that clients tuned for Segment never hit a different wall here.</summary>
internal static class IngestLimits
{
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxRequestBytes = 500 * 1024;
    public const int MaxBatchEvents = 2500;
    public const int MaxIdLength = 255;
    public const int MaxNameLength = 255;

    /// <summary>
    /// A survey's free-text answer (<c>$survey_answered</c>): Waymark's own limit, not Segment's. The SDK's text box
    /// stops at it; the server refuses a longer one, so a hand-made call cannot store more than the SDK would.
    /// </summary>
    public const string AnswerTextProperty = "$answer_text";

    public const int MaxAnswerTextLength = 2000;
}
