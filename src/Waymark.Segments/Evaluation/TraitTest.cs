using System.Text.Json;
using Waymark.Segments.Rules;

namespace Waymark.Segments.Evaluation;

/// <summary>One trait rule against one public-traits object; a missing trait is neither equal, greater nor less.</summary>
internal static class TraitTest
{
    public static bool Matches(TraitRule rule, JsonElement traits)
    {
        JsonElement value = default;
        if (traits.ValueKind != JsonValueKind.Object || !traits.TryGetProperty(rule.Key, out value))
        {
            return rule.Op is TraitOp.NotEquals or TraitOp.NotExists;
        }

        return rule.Op switch
        {
            TraitOp.Exists => value.ValueKind != JsonValueKind.Null,
            TraitOp.NotExists => value.ValueKind == JsonValueKind.Null,
            TraitOp.Equals => AreEqual(value, rule.Value),
            TraitOp.NotEquals => !AreEqual(value, rule.Value),
            TraitOp.Contains => value.ValueKind == JsonValueKind.String && value.GetString()!.Contains(rule.Value.Text!, StringComparison.Ordinal),
            TraitOp.StartsWith => value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith(rule.Value.Text!, StringComparison.Ordinal),
            TraitOp.GreaterThan => value.ValueKind == JsonValueKind.Number && Compare(value, rule.Value.Number) > 0,
            TraitOp.LessThan => value.ValueKind == JsonValueKind.Number && Compare(value, rule.Value.Number) < 0,
            _ => false,
        };
    }

    private static bool AreEqual(JsonElement value, RuleValue expected) => expected.Kind switch
    {
        RuleValueKind.Text => value.ValueKind == JsonValueKind.String && value.ValueEquals(expected.Text),
        RuleValueKind.Number => value.ValueKind == JsonValueKind.Number && Compare(value, expected.Number) == 0,
        RuleValueKind.Boolean => value.ValueKind == (expected.Flag ? JsonValueKind.True : JsonValueKind.False),
        _ => false,
    };

    private static int Compare(JsonElement value, decimal number)
    {
        if (value.TryGetDecimal(out var stored))
        {
            return stored.CompareTo(number);
        }

        // Beyond decimal's range (or precision): compare as doubles; beyond double's range, by sign alone.
        return value.TryGetDouble(out var large) ? large.CompareTo((double)number) : value.GetRawText().StartsWith('-') ? -1 : 1;
    }
}
