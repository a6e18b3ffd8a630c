namespace Waymark.Ingest.Api;

/// <summary>Which body shape an ingest route expects.</summary>
internal enum CallShape
{
    Identify,
    Track,
    Page,
    Screen,
    Group,
    Alias,
    Batch,
    UserpilotIdentify,
    UserpilotTrack,
    UserpilotCompany,
}
