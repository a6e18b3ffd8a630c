using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Waymark.Ingest.Reading;

internal sealed record UserResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("traits")] JsonObject Traits,
    [property: JsonPropertyName("masked_traits")] IReadOnlyList<string> MaskedTraits,
    [property: JsonPropertyName("company_ids")] IReadOnlyList<string> CompanyIds,
    [property: JsonPropertyName("first_seen")] DateTimeOffset? FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset? LastSeen,
    [property: JsonPropertyName("event_count")] long EventCount,
    [property: JsonIgnore] IReadOnlyList<string> DisclosedPhi);

internal sealed record CompanyResponse(
    [property: JsonPropertyName("company_id")] string CompanyId,
    [property: JsonPropertyName("traits")] JsonObject Traits,
    [property: JsonPropertyName("masked_traits")] IReadOnlyList<string> MaskedTraits,
    [property: JsonPropertyName("user_count")] long UserCount,
    [property: JsonPropertyName("first_seen")] DateTimeOffset? FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset? LastSeen,
    [property: JsonPropertyName("event_count")] long EventCount,
    [property: JsonIgnore] IReadOnlyList<string> DisclosedPhi);

internal sealed record EventResponse(
    [property: JsonPropertyName("message_id")] string? MessageId,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("event")] string? Event,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("anonymous_id")] string? AnonymousId,
    [property: JsonPropertyName("group_id")] string? GroupId,
    [property: JsonPropertyName("previous_id")] string? PreviousId,
    [property: JsonPropertyName("properties")] JsonObject Properties,
    [property: JsonPropertyName("masked_properties")] IReadOnlyList<string> MaskedProperties,
    [property: JsonPropertyName("traits")] JsonObject Traits,
    [property: JsonPropertyName("masked_traits")] IReadOnlyList<string> MaskedTraits,
    [property: JsonPropertyName("context")] JsonObject Context,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonIgnore] IReadOnlyList<string> DisclosedPhi);

internal sealed record EventPage(
    [property: JsonPropertyName("events")] IReadOnlyList<EventResponse> Events,
    [property: JsonPropertyName("next_cursor")] string? NextCursor)
{
    [JsonIgnore]
    public IReadOnlyList<string> DisclosedPhi => [.. Events.SelectMany(e => e.DisclosedPhi).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

internal sealed record UserSearchResponse([property: JsonPropertyName("users")] IReadOnlyList<UserResponse> Users);
