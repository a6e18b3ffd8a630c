using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.Api;
using Waymark.Ingest.Calls;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Ingest.Rectification;

/// <summary>
/// A validated rectification: the traits to set (a new value each) and the traits to remove (sent as null).
/// Problems name the rule broken, never a submitted key or value (either may be personal).
/// </summary>
internal sealed class TraitCorrections
{
    /// <summary>As many keys as one data-classes request may classify: a correction, not a bulk import.</summary>
    public const int MaxKeys = 500;

    private const string Shape = "Send {\"traits\": {\"email\": \"new@example.com\", \"nickname\": null}}: a value replaces the stored trait, null removes it.";

    private TraitCorrections(Dictionary<string, JsonNode> changed, SortedSet<string> removed)
    {
        Changed = changed;
        Removed = removed;
    }

    public IReadOnlyDictionary<string, JsonNode> Changed { get; }

    public IReadOnlySet<string> Removed { get; }

    /// <summary>Every key the correction touches, set or removed.</summary>
    public IEnumerable<string> Keys => Changed.Keys.Concat(Removed);

    /// <summary>Reads <c>{"traits": {"key": value, "other": null}}</c>, at most as large as one identify call.</summary>
    public static Outcome<TraitCorrections> Parse(BufferedBody body)
    {
        if (body.TooLarge)
        {
            return Invalid("Too large", $"Send at most {IngestLimits.MaxEventBytes / 1024} KB of traits per request, as for an identify call.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Memory.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return Invalid("Malformed JSON", "The body is not valid JSON. " + Shape);
        }

        return root is JsonObject rootObject && rootObject["traits"] is JsonObject traits ? From(traits) : Invalid("No traits", Shape);
    }

    /// <summary>Checks the traits of one correction, however they arrived (an API body, a dashboard form).</summary>
    public static Outcome<TraitCorrections> From(JsonObject traits)
    {
        if (traits.Count == 0)
        {
            return Invalid("No traits", "Name at least one trait to correct. " + Shape);
        }

        if (traits.Count > MaxKeys)
        {
            return Invalid("Too many traits", $"Correct at most {MaxKeys} traits per request.");
        }

        var changed = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in traits)
        {
            if (!DataClassStore.IsValidKey(key))
            {
                return Invalid("Invalid trait key", "Trait keys are 1 to 200 characters without control characters.");
            }

            if (value is null)
            {
                removed.Add(key);
            }
            else
            {
                changed[key] = value.DeepClone();
            }
        }

        return new TraitCorrections(changed, removed);
    }

    private static Refusal Invalid(string title, string detail) => Refusal.Invalid("invalid-rectification", title, detail);
}
