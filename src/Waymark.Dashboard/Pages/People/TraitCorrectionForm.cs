using System.Text.Json.Nodes;
using Waymark.Api;
using Waymark.Ingest.Rectification;

namespace Waymark.Dashboard.Pages.People;

/// <summary>
/// The correct-traits form as a rectification: one key, set to a text value or removed (null), checked by the same rules
/// as <c>PATCH /v1/users/{id}</c>.
/// </summary>
internal static class TraitCorrectionForm
{
    public static Outcome<TraitCorrections> Parse(string key, string? value) =>
        TraitCorrections.From(new JsonObject { [key] = value is null ? null : JsonValue.Create(value) });
}
