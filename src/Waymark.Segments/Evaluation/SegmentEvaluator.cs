using System.Text.Json;
using Waymark.Segments.Catalog;
using Waymark.Segments.Rules;

namespace Waymark.Segments.Evaluation;

/// <summary>
/// Evaluates a rule tree for one user in memory, with exactly the meaning of the SQL that <see cref="Sql.SegmentSql"/>
/// compiles (the tests hold them to it): no allocation beyond what <see cref="JsonElement"/> lookups need.
/// </summary>
internal static class SegmentEvaluator
{
    public static bool Matches(SegmentRule rule, SubjectState state, DateTimeOffset now) => Matches(rule, state, now.ToUnixTimeMilliseconds());

    /// <summary>Whether the user is in a saved segment; a segment no longer valid under the current data classes matches nobody.</summary>
    public static bool Matches(CatalogSegment segment, SubjectState state, DateTimeOffset now) =>
        segment.Rule is { } rule && Matches(rule, state, now.ToUnixTimeMilliseconds());

    private static bool Matches(SegmentRule rule, SubjectState state, long nowMs)
    {
        switch (rule)
        {
            case RuleGroup group:
                foreach (var child in group.Rules)
                {
                    if (Matches(child, state, nowMs) != group.MatchAll)
                    {
                        return !group.MatchAll;
                    }
                }

                return group.MatchAll;
            case TraitRule { Scope: TraitScope.User } trait:
                return TraitTest.Matches(trait, state.PublicTraits);
            case TraitRule trait:
                foreach (var company in state.Companies)
                {
                    if (TraitTest.Matches(trait, company))
                    {
                        return true;
                    }
                }

                return false;
            case PersonalTraitRule personal:
                return state.BlindTerms.Contains(personal.TermKey) != personal.Negated;
            case EventRule e:
                return state.CountEvents(e.Event, e.WithinDays, nowMs) >= e.AtLeast == e.Did;
            case FirstSeenRule first:
                return state.FirstSeenMs is { } seen && (seen >= SubjectState.DaysAgo(first.Days, nowMs)) == first.Within;
            case CompanyRule company:
                return state.Companies.Count > 0 == company.InAny;
            default:
                throw new InvalidOperationException("Unknown rule " + rule.GetType().Name);
        }
    }
}
