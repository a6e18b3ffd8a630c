using System.Text.Json.Serialization;

namespace Waymark.Audit.Api;

internal sealed record AuditListResponse(
    [property: JsonPropertyName("entries")] IReadOnlyList<AuditEntryResponse> Entries,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record AuditEntryResponse(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("actor")] AuditActorResponse Actor,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] AuditTargetResponse Target,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("source_ip")] string? SourceIp,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("details")] IReadOnlyDictionary<string, string>? Details,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("prev_hash")] string PrevHash)
{
    public static AuditEntryResponse From(AuditEntryView entry) => new(
        entry.Seq,
        entry.Time,
        new AuditActorResponse(AuditNames.Of(entry.Actor.Kind), entry.Actor.Id),
        entry.Action,
        new AuditTargetResponse(entry.TargetType, entry.TargetId),
        AuditNames.Of(entry.Outcome),
        entry.SourceIp,
        entry.RequestId,
        entry.Details,
        entry.Hash,
        entry.PrevHash);
}

internal sealed record AuditActorResponse(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string? Id);

internal sealed record AuditTargetResponse(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("id")] string? Id);
