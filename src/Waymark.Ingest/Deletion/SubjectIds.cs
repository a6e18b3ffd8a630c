using System.Text.Json;
using Waymark.Ingest.Calls;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// Reads the ids of a deletion request the way the tracking API reads them (a string or a number, at most
/// <see cref="IngestLimits.MaxIdLength"/> characters), so that every id that could have been stored can be deleted.
/// </summary>
internal static class SubjectIds
{
    public const int MaxPerRequest = 5_000;

    /// <summary>The id of one array element, or null with the reason it cannot be one (the reason never repeats the value).</summary>
    public static string? Read(JsonElement element, out string? error)
    {
        var id = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        error = id switch
        {
            null => "The id must be a string or a number.",
            { Length: 0 } => "The id is empty.",
            { Length: > IngestLimits.MaxIdLength } => $"The id is longer than {IngestLimits.MaxIdLength} characters.",
            _ => null,
        };
        return error is null ? id : null;
    }

    /// <summary>Checks a single id taken from a route.</summary>
    public static string? Check(string id) => id.Length switch
    {
        0 => "The id is empty.",
        > IngestLimits.MaxIdLength => $"The id is longer than {IngestLimits.MaxIdLength} characters.",
        _ => null,
    };
}
