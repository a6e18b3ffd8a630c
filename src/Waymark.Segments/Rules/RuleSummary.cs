using System.Globalization;
using System.Text;

namespace Waymark.Segments.Rules;

/// <summary>
/// A one-line description of a rule tree for the segment list, such as
/// <c>plan equals "trial" and did "Created project" at least 3 times in 30 days</c>. Values of personal keys are not
/// repeated: the list is shown to every member, and only the key's name says what is compared.
/// </summary>
internal static class RuleSummary
{
    private const int MaxLength = 300;

    public static string Of(SegmentRule rule)
    {
        var text = new StringBuilder();
        Append(rule, text, top: true);
        return text.Length <= MaxLength ? text.ToString() : text.ToString(0, MaxLength - 1) + "…";
    }

    private static void Append(SegmentRule rule, StringBuilder text, bool top)
    {
        switch (rule)
        {
            case RuleGroup { Rules.IsEmpty: true } group:
                text.Append(group.MatchAll ? "everyone" : "nobody");
                break;
            case RuleGroup group:
                if (!top)
                {
                    text.Append('(');
                }

                for (var i = 0; i < group.Rules.Length; i++)
                {
                    text.Append(i == 0 ? "" : group.MatchAll ? " and " : " or ");
                    Append(group.Rules[i], text, top: false);
                }

                if (!top)
                {
                    text.Append(')');
                }

                break;
            case TraitRule trait:
                text.Append(trait.Scope == TraitScope.Company ? "company " : "").Append(trait.Key).Append(' ').Append(RuleWords.Of(trait.Op).Replace('_', ' '));
                AppendValue(trait.Value, text);
                break;
            case PersonalTraitRule personal:
                text.Append(personal.Key).Append(personal.Negated ? " not equals" : " equals").Append(" (personal value)");
                break;
            case EventRule e:
                text.Append(e.Did ? "did \"" : "did not do \"").Append(e.Event).Append('"');
                if (e.AtLeast != 1)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {(e.Did ? "at least" : "fewer than")} {e.AtLeast} times");
                }

                text.Append(e.WithinDays is { } days ? string.Create(CultureInfo.InvariantCulture, $" in {days} days") : "");
                break;
            case FirstSeenRule first:
                text.Append(CultureInfo.InvariantCulture, $"first seen {(first.Within ? "within" : "more than")} {first.Days} days{(first.Within ? "" : " ago")}");
                break;
            case CompanyRule company:
                text.Append(company.InAny ? "in a company" : "in no company");
                break;
        }
    }

    private static void AppendValue(RuleValue value, StringBuilder text)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Text:
                text.Append(" \"").Append(value.Text).Append('"');
                break;
            case RuleValueKind.Number:
                text.Append(' ').Append(value.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case RuleValueKind.Boolean:
                text.Append(value.Flag ? " true" : " false");
                break;
        }
    }
}
