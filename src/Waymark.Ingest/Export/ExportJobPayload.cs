using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Export;

/// <summary>
/// What an export job is given: the subject only as its keyed hash (never the id in clear: the job reads it from the
/// subject's sealed row), the format, the export to write, and whether the requester could read PHI.
/// </summary>
internal sealed record ExportJobPayload(
    [property: JsonPropertyName("subject")] byte[] Subject,
    [property: JsonPropertyName("kind")] SubjectKind Kind,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("export_id")] string ExportId,
    [property: JsonPropertyName("phi")] bool IncludesPhi)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static ExportJobPayload FromBytes(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<ExportJobPayload>(bytes) ?? throw new InvalidDataException("An export job has an empty payload.");
}
