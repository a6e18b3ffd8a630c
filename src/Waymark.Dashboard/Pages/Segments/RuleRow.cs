namespace Waymark.Dashboard.Pages.Segments;

/// <summary>
/// One line of the segment builder's form: a group or a rule, posted as <c>Rules[i].…</c>. The rows are the rule tree
/// in pre-order, each with its depth (the root group is row 0 at depth 0), so every form post carries the whole tree
/// without JavaScript. Numbers stay text here: what was typed is checked when the rows become the rule JSON.
/// </summary>
public sealed class RuleRow
{
    public const string Group = "group";

    public int Depth { get; set; }

    /// <summary><see cref="Group"/> or a rule type of the contract: user_trait, company_trait, event, first_seen, company.</summary>
    public string Type { get; set; } = Group;

    /// <summary>A group's <c>all</c> or <c>any</c>.</summary>
    public string? Match { get; set; }

    /// <summary>A group's choice of what its "Add" button adds.</summary>
    public string? NewType { get; set; }

    public string? Key { get; set; }

    /// <summary>The operator of a trait, first_seen or company rule.</summary>
    public string? Op { get; set; }

    public string? Value { get; set; }

    /// <summary>How a trait rule's <see cref="Value"/> is sent: <c>text</c>, <c>number</c> or <c>boolean</c>.</summary>
    public string? ValueKind { get; set; }

    public string? Event { get; set; }

    /// <summary><c>did</c> or <c>did_not</c>.</summary>
    public string? Did { get; set; }

    public string? AtLeast { get; set; }

    public string? WithinDays { get; set; }

    /// <summary>A first_seen rule's number of days.</summary>
    public string? Days { get; set; }

    public bool IsGroup => Type == Group;

    public bool IsTrait => Type is RuleTypes.UserTrait or RuleTypes.CompanyTrait;

    /// <summary>A new row of <paramref name="type"/> with the defaults the builder offers first.</summary>
    public static RuleRow New(string type, int depth) => type switch
    {
        RuleTypes.UserTrait or RuleTypes.CompanyTrait => new() { Type = type, Depth = depth, Op = "equals", ValueKind = "text" },
        RuleTypes.Event => new() { Type = type, Depth = depth, Did = "did" },
        RuleTypes.FirstSeen => new() { Type = type, Depth = depth, Op = "within_days", Days = "7" },
        RuleTypes.Company => new() { Type = type, Depth = depth, Op = "in_any" },
        _ => new() { Type = Group, Depth = depth, Match = "all", NewType = RuleTypes.UserTrait },
    };
}
