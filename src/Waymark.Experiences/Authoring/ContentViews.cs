using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Schema;

namespace Waymark.Experiences.Authoring;

/// <summary>One flow or checklist as listed: which versions exist and where each is live.</summary>
internal sealed record ContentSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("latest_version")] int LatestVersion,
    [property: JsonPropertyName("draft_version")] int? DraftVersion,
    [property: JsonPropertyName("staging_version")] int? StagingVersion,
    [property: JsonPropertyName("production_version")] int? ProductionVersion,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static ContentSummary From(ContentRow row) => new(
        row.Id,
        ((ContentKind)row.Kind).Path().TrimEnd('s'),
        row.Name,
        StatusOf(row),
        row.LatestVersion,
        row.DraftVersion,
        row.StagingVersion,
        row.ProductionVersion,
        DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));

    /// <summary><c>archived</c>, <c>live</c> (in production), <c>staging</c> (only there) or <c>draft</c> (nowhere yet).</summary>
    public static string StatusOf(ContentRow row) =>
        row.ArchivedAt is not null ? "archived"
        : row.ProductionVersion is not null ? "live"
        : row.StagingVersion is not null ? "staging"
        : "draft";
}

/// <summary>One flow or checklist with the definition of the version being edited (the draft, else the latest).</summary>
internal sealed record ContentDetail(
    [property: JsonPropertyName("content")] ContentSummary Content,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("definition")] JsonElement Definition);
