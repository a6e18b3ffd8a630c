namespace Waymark.Segments.Rules;

internal enum RuleValueKind
{
    None,
    Text,
    Number,
    Boolean,
}

/// <summary>A rule's comparison value. Numbers are decimals so PostgreSQL compares them exactly, as the evaluator does.</summary>
internal readonly record struct RuleValue(RuleValueKind Kind, string? Text, decimal Number, bool Flag)
{
    public static RuleValue None => default;

    public static RuleValue Of(string text) => new(RuleValueKind.Text, text, 0, false);

    public static RuleValue Of(decimal number) => new(RuleValueKind.Number, null, number, false);

    public static RuleValue Of(bool flag) => new(RuleValueKind.Boolean, null, 0, flag);
}
