using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Sealing;

namespace Waymark.Ingest.Reading;

/// <summary>
/// Opens one stored event's properties for a feature that reads events back outside the read API (survey free text):
/// public and sealed values together, PHI values through <see cref="PhiValues"/>, exactly as <see cref="SubjectReader"/>
/// does, so no second way of unsealing exists.
/// </summary>
internal static class SealedEventProperties
{
    /// <summary>The event's properties and its user id; the PHI keys met are added to <paramref name="phiKeys"/> (their values null unless <paramref name="includePhi"/>).</summary>
    public static (JsonObject Properties, string? UserId) Open(SubjectKey key, string? publicData, byte[] sealedData, byte[]? sealedPhi, bool includePhi, SortedSet<string> phiKeys)
    {
        var sealedValues = JsonNode.Parse(key.Open(sealedData))!.AsObject();
        var properties = new JsonObject();
        foreach (var source in new[] { publicData is null ? null : JsonNode.Parse(publicData)!.AsObject(), sealedValues })
        {
            if (source?[EventPayload.Properties] is JsonObject values)
            {
                foreach (var (k, v) in values)
                {
                    properties[k] = v?.DeepClone();
                }
            }
        }

        var phi = sealedPhi is null ? null : JsonNode.Parse(key.Open(sealedPhi));
        PhiValues.AddTo(properties, phi?[EventPayload.Properties], includePhi, phiKeys);
        return (properties, (string?)sealedValues[EventPayload.UserId]);
    }
}
