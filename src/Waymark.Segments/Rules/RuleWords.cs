namespace Waymark.Segments.Rules;

/// <summary>The contract's words for rule types and operators (see docs/experiences.md, "Segments").</summary>
internal static class RuleWords
{
    public const string UserTrait = "user_trait";
    public const string CompanyTrait = "company_trait";
    public const string Event = "event";
    public const string FirstSeen = "first_seen";
    public const string Company = "company";

    public static readonly IReadOnlyList<string> TraitOps = ["equals", "not_equals", "contains", "starts_with", "greater_than", "less_than", "exists", "not_exists"];

    public static readonly IReadOnlyList<string> PersonalOps = ["equals", "not_equals"];

    public static TraitOp? TraitOpOf(string? word) => word switch
    {
        "equals" => TraitOp.Equals,
        "not_equals" => TraitOp.NotEquals,
        "contains" => TraitOp.Contains,
        "starts_with" => TraitOp.StartsWith,
        "greater_than" => TraitOp.GreaterThan,
        "less_than" => TraitOp.LessThan,
        "exists" => TraitOp.Exists,
        "not_exists" => TraitOp.NotExists,
        _ => null,
    };

    public static string Of(TraitOp op) => TraitOps[(int)op];
}
