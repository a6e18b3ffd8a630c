using System.Collections.Immutable;
using System.Text.Json;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Segments.Rules;

/// <summary>
/// Turns a segment's <c>conditions</c> JSON into a <see cref="SegmentRule"/> tree, or refuses it saying what to send
/// instead. Which trait rules are allowed depends on each key's data class now; refusals name the rule's position,
/// never its key or value (they may be personal).
/// </summary>
internal sealed class RuleParser
{
    public const int MaxDepth = 4;

    public const int MaxRules = 50;

    public const int MaxDays = 36_500;

    public const int MaxCount = 1_000_000;

    public const int MaxKeyLength = 200;

    public const int MaxTextLength = 1_000;

    /// <summary>The longest personal value the ingest writer puts in the blind index.</summary>
    public const int MaxIndexedLength = 256;

    private const string Example = "{\"match\": \"all\", \"rules\": [{\"type\": \"user_trait\", \"key\": \"plan\", \"op\": \"equals\", \"value\": \"trial\"}]}";

    private readonly DataClassMap _classes;
    private readonly WorkspaceKeys _keys;
    private int _rules;

    private RuleParser(DataClassMap classes, WorkspaceKeys keys)
    {
        _classes = classes;
        _keys = keys;
    }

    public static Outcome<SegmentRule> Parse(JsonElement conditions, DataClassMap classes, WorkspaceKeys keys)
    {
        if (conditions.ValueKind != JsonValueKind.Object || !conditions.TryGetProperty("match", out _))
        {
            return Invalid("conditions", $"conditions is a group: {Example}.");
        }

        try
        {
            return new RuleParser(classes, keys).Group(conditions, "conditions", 1);
        }
        catch (RuleException e)
        {
            return e.Refusal;
        }
    }

    private RuleGroup Group(JsonElement element, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Refuse(path, $"Groups nest at most {MaxDepth} deep. Flatten the conditions.");
        }

        var matchAll = Text(element, "match", path) switch
        {
            "all" => true,
            "any" => false,
            _ => throw Refuse(path + ".match", "match is \"all\" (every rule) or \"any\" (at least one)."),
        };
        if (!element.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            throw Refuse(path + ".rules", $"A group has a rules array: {Example}.");
        }

        var parsed = ImmutableArray.CreateBuilder<SegmentRule>(rules.GetArrayLength());
        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            var rulePath = $"{path}.rules[{index++}]";
            if (++_rules > MaxRules)
            {
                throw Refuse(rulePath, $"A segment has at most {MaxRules} rules and groups. Split it into simpler segments.");
            }

            if (rule.ValueKind != JsonValueKind.Object)
            {
                throw Refuse(rulePath, "Each rule is an object with a type, or a nested group with match and rules.");
            }

            parsed.Add(rule.TryGetProperty("match", out _) ? Group(rule, rulePath, depth + 1) : Rule(rule, rulePath));
        }

        return new RuleGroup(matchAll, parsed.MoveToImmutable());
    }

    private SegmentRule Rule(JsonElement rule, string path) => Text(rule, "type", path) switch
    {
        RuleWords.UserTrait => Trait(rule, path, TraitScope.User),
        RuleWords.CompanyTrait => Trait(rule, path, TraitScope.Company),
        RuleWords.Event => Event(rule, path),
        RuleWords.FirstSeen => FirstSeen(rule, path),
        RuleWords.Company => Company(rule, path),
        _ => throw Refuse(path + ".type", "type is one of user_trait, company_trait, event, first_seen, company (or give match and rules for a nested group)."),
    };

    private SegmentRule Trait(JsonElement rule, string path, TraitScope scope)
    {
        var key = Text(rule, "key", path);
        if (key is null || key.Length is 0 or > MaxKeyLength || key.Any(c => char.IsControl(c) || c is '"' or '\\'))
        {
            throw Refuse(path + ".key", $"key is the trait's name: 1 to {MaxKeyLength} characters, without quotes, backslashes or control characters.");
        }

        var op = RuleWords.TraitOpOf(Text(rule, "op", path))
            ?? throw Refuse(path + ".op", $"op is one of {string.Join(", ", RuleWords.TraitOps)}.");
        var value = op is TraitOp.Exists or TraitOp.NotExists ? RuleValue.None : Value(rule, path, op);
        switch (_classes.Classify(key))
        {
            case DataClass.Phi:
                throw new RuleException(Refusal.Invalid("phi-not-targetable", "PHI is never used for targeting", $"The key at {path}.key is classified as PHI; PHI is never used for targeting. Target on a public key, or on equality of a personal user key."));
            case DataClass.Personal when scope == TraitScope.Company:
                throw new RuleException(Refusal.Invalid("unsupported-op", "Personal company keys cannot be targeted", $"The key at {path}.key is a personal (encrypted) company key, and company keys have no blind index. Classify the key as public with PUT /v1/data-classes if it holds nothing personal, or target on another key."));
            case DataClass.Personal when op is not (TraitOp.Equals or TraitOp.NotEquals) || value.Kind != RuleValueKind.Text:
                throw new RuleException(Refusal.Invalid("unsupported-op", "Operator not supported on a personal key", $"The key at {path}.key is personal (encrypted): it supports only equals and not_equals with a string value, through the blind index. Classify the key as public with PUT /v1/data-classes to use other operators."));
            case DataClass.Personal when value.Text!.Length is 0 or > MaxIndexedLength:
                throw new RuleException(Refusal.Invalid("unsupported-op", "Value not indexed", $"The key at {path}.key is personal (encrypted): only values of 1 to {MaxIndexedLength} characters are in the blind index. Compare a shorter value, or classify the key as public."));
            case DataClass.Personal:
                return new PersonalTraitRule(key, op == TraitOp.NotEquals, _keys.BlindIndexTerm(key, value.Text!));
            default:
                return new TraitRule(scope, key, op, value);
        }
    }

    private static RuleValue Value(JsonElement rule, string path, TraitOp op)
    {
        if (!rule.TryGetProperty("value", out var value))
        {
            throw Refuse(path + ".value", $"{RuleWords.Of(op)} needs a value: a string, number or boolean.");
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.String when value.GetString()!.Length <= MaxTextLength => RuleValue.Of(value.GetString()!),
            JsonValueKind.Number when value.TryGetDecimal(out var number) => RuleValue.Of(number),
            JsonValueKind.True => RuleValue.Of(true),
            JsonValueKind.False => RuleValue.Of(false),
            _ => throw Refuse(path + ".value", $"value is a string of at most {MaxTextLength} characters, a number (at most 28 significant digits) or a boolean."),
        };
        return op switch
        {
            TraitOp.Contains or TraitOp.StartsWith when parsed.Kind != RuleValueKind.Text => throw Refuse(path + ".value", $"{RuleWords.Of(op)} compares text: give a string value."),
            TraitOp.GreaterThan or TraitOp.LessThan when parsed.Kind != RuleValueKind.Number => throw Refuse(path + ".value", $"{RuleWords.Of(op)} compares numbers: give a number value."),
            _ => parsed,
        };
    }

    private static EventRule Event(JsonElement rule, string path)
    {
        var name = Text(rule, "event", path);
        if (string.IsNullOrEmpty(name) || name.Length > MaxKeyLength)
        {
            throw Refuse(path + ".event", $"event is the tracked event's name, 1 to {MaxKeyLength} characters.");
        }

        var did = true;
        if (rule.TryGetProperty("did", out var didElement))
        {
            did = didElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Refuse(path + ".did", "did is true (did it at least at_least times) or false (fewer times)."),
            };
        }

        var atLeast = Count(rule, "at_least", path, 1, MaxCount) ?? 1;
        var withinDays = Count(rule, "within_days", path, 1, MaxDays);
        return new EventRule(name, did, atLeast, withinDays);
    }

    private static FirstSeenRule FirstSeen(JsonElement rule, string path)
    {
        var within = Text(rule, "op", path) switch
        {
            "within_days" => true,
            "more_than_days_ago" => false,
            _ => throw Refuse(path + ".op", "first_seen's op is within_days or more_than_days_ago."),
        };
        var days = Count(rule, "days", path, 0, MaxDays) ?? throw Refuse(path + ".days", $"first_seen needs days: a whole number from 0 to {MaxDays}.");
        return new FirstSeenRule(within, days);
    }

    private static CompanyRule Company(JsonElement rule, string path) => Text(rule, "op", path) switch
    {
        "in_any" => new CompanyRule(true),
        "in_none" => new CompanyRule(false),
        _ => throw Refuse(path + ".op", "company's op is in_any (belongs to a company) or in_none."),
    };

    private static int? Count(JsonElement rule, string name, string path, int min, int max)
    {
        if (!rule.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw Refuse($"{path}.{name}", $"{name} is a whole number from {min} to {max}; negative numbers are refused.");
    }

    private static string? Text(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Refuse($"{path}.{name}", $"{name} is a string.");
    }

    private static RuleException Refuse(string path, string detail) => new(Invalid(path, detail));

    private static Refusal Invalid(string path, string detail) => Refusal.Invalid("invalid-rule", "Invalid segment rule", $"At {path}: {detail}");

    /// <summary>Carries a refusal out of the recursive descent; never escapes <see cref="Parse"/>.</summary>
    private sealed class RuleException(Refusal refusal) : Exception(refusal.Detail)
    {
        public Refusal Refusal { get; } = refusal;
    }
}
