using Waymark.Segments.Rules;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>The rule types the builder offers, in the contract's words, with what the form calls them.</summary>
public static class RuleTypes
{
    public const string UserTrait = RuleWords.UserTrait;
    public const string CompanyTrait = RuleWords.CompanyTrait;
    public const string Event = RuleWords.Event;
    public const string FirstSeen = RuleWords.FirstSeen;
    public const string Company = RuleWords.Company;

    public static readonly IReadOnlyList<(string Type, string Label)> Addable =
    [
        (UserTrait, "User trait"),
        (CompanyTrait, "Company trait"),
        (Event, "Event"),
        (FirstSeen, "First seen"),
        (Company, "Company membership"),
        (RuleRow.Group, "Nested group (all / any)"),
    ];

    public static bool IsKnown(string? type) => Addable.Any(a => a.Type == type);

    public static string LabelOf(string type) => Addable.FirstOrDefault(a => a.Type == type).Label ?? type;

    /// <summary>Trait operators, as the form names them.</summary>
    public static readonly IReadOnlyList<(string Op, string Label)> TraitOps =
    [
        ("equals", "equals"),
        ("not_equals", "does not equal"),
        ("contains", "contains"),
        ("starts_with", "starts with"),
        ("greater_than", "is greater than"),
        ("less_than", "is less than"),
        ("exists", "is set"),
        ("not_exists", "is not set"),
    ];

    public static bool TakesValue(string? op) => op is not ("exists" or "not_exists");
}
