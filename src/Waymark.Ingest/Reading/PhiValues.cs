using System.Text.Json.Nodes;

namespace Waymark.Ingest.Reading;

/// <summary>
/// Puts PHI values into an answer. A caller holding <c>phi:read</c> gets the values; anyone else gets the key with a
/// null value and the key listed as masked, so a client knows a value exists without seeing it. Either way the keys
/// are collected: masked ones for the answer, disclosed ones for the audit entry.
/// </summary>
internal static class PhiValues
{
    public static void AddTo(JsonObject target, JsonNode? phi, bool includePhi, SortedSet<string> keys)
    {
        if (phi is not JsonObject values)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            target[key] = includePhi ? value?.DeepClone() : null;
            keys.Add(key);
        }
    }

    /// <summary>The keys to list as masked in the answer: none when the caller may read the values.</summary>
    public static IReadOnlyList<string> Masked(SortedSet<string> keys, bool includePhi) => includePhi ? [] : [.. keys];

    /// <summary>The PHI keys whose values the answer discloses, for the audit entry.</summary>
    public static IReadOnlyList<string> Disclosed(SortedSet<string> keys, bool includePhi) => includePhi ? [.. keys] : [];
}
