using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Segments.Schema;
using Waymark.Segments.Sql;

namespace Waymark.Segments.Http;

internal sealed record SegmentResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("conditions")] JsonElement Conditions,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("updated_by")] string UpdatedBy)
{
    public static SegmentResponse From(SegmentRow row)
    {
        using var document = JsonDocument.Parse(row.Definition);
        return new(row.Id, row.Name, document.RootElement.Clone(), DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt), row.CreatedBy, row.UpdatedBy);
    }
}

internal sealed record SegmentSummaryResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

internal sealed record SegmentListResponse([property: JsonPropertyName("segments")] IReadOnlyList<SegmentSummaryResponse> Segments);

internal sealed record SegmentCountResponse(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("total")] long Total);

internal sealed record TraitKeyResponse(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("ops")] IReadOnlyList<string> Ops)
{
    public static TraitKeyResponse From(TraitKeyInfo info) =>
        new(info.Key, info.Scope.ToString().ToLowerInvariant(), info.Class.ToString().ToLowerInvariant(), info.Ops);
}

internal sealed record TraitKeyListResponse([property: JsonPropertyName("keys")] IReadOnlyList<TraitKeyResponse> Keys);
