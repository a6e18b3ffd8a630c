using System.Text.Json.Serialization;

namespace Waymark.Jobs;

/// <summary>One row the handler could not process: its index in the job's input and why, never the row's values.</summary>
public sealed record JobRowError(
    [property: JsonPropertyName("row")] long Row,
    [property: JsonPropertyName("error")] string Error);
