using System.Collections.Immutable;

namespace Waymark.Segments.Rules;

/// <summary>One node of a parsed, validated segment: a group or a rule. Immutable, so one tree serves every request.</summary>
internal abstract record SegmentRule;

/// <summary><c>match: all</c> (every rule) or <c>any</c> (at least one); an empty <c>all</c> matches everyone, an empty <c>any</c> nobody.</summary>
internal sealed record RuleGroup(bool MatchAll, ImmutableArray<SegmentRule> Rules) : SegmentRule;

internal enum TraitScope
{
    User,
    Company,
}

internal enum TraitOp
{
    Equals,
    NotEquals,
    Contains,
    StartsWith,
    GreaterThan,
    LessThan,
    Exists,
    NotExists,
}

/// <summary>
/// A rule over a public trait (a plaintext value in <c>public_traits</c>). A company rule matches when any of the
/// user's companies matches it. <c>not_equals</c> also matches when the trait is missing.
/// </summary>
internal sealed record TraitRule(TraitScope Scope, string Key, TraitOp Op, RuleValue Value) : SegmentRule;

/// <summary>
/// Equality on an encrypted user trait through the keyed blind index: <see cref="Term"/> is computed when the rule is
/// parsed, so neither the value nor the stored traits are ever opened to evaluate it.
/// </summary>
internal sealed record PersonalTraitRule(string Key, bool Negated, byte[] Term) : SegmentRule
{
    /// <summary>The 16-byte term as one value, for the evaluator's allocation-free set lookup.</summary>
    public UInt128 TermKey { get; } = BlindTerms.KeyOf(Term);
}

/// <summary>
/// <see cref="Did"/>: the user did <see cref="Event"/> at least <see cref="AtLeast"/> times in the window; otherwise fewer
/// times. The window is the last <see cref="WithinDays"/> UTC days including today, or ever when null.
/// </summary>
internal sealed record EventRule(string Event, bool Did, int AtLeast, int? WithinDays) : SegmentRule;

/// <summary>First seen at most <see cref="Days"/> days ago (<see cref="Within"/>), or longer ago than that.</summary>
internal sealed record FirstSeenRule(bool Within, int Days) : SegmentRule;

/// <summary>The user belongs to at least one company (<see cref="InAny"/>) or to none.</summary>
internal sealed record CompanyRule(bool InAny) : SegmentRule;
