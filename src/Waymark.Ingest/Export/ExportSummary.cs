using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waymark.Ingest.Export;

/// <summary>
/// What an export holds, for its audit entries: how many events, whether PHI values are in it, and which PHI keys.
/// A job's export keeps it sealed as chunk 0, so that a download is audited (and refused without <c>phi:read</c>)
/// without reading the content.
/// </summary>
internal sealed record ExportSummary(
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("phi_included")] bool PhiIncluded,
    [property: JsonPropertyName("phi_keys")] IReadOnlyList<string> PhiKeys)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static ExportSummary FromBytes(byte[] bytes) =>
        JsonSerializer.Deserialize<ExportSummary>(bytes) ?? throw new InvalidDataException("An export summary chunk is empty.");
}
