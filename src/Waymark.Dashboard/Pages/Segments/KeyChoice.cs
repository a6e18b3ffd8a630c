using Waymark.Segments.Rules;
using Waymark.Segments.Sql;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>A key the trait select offers, with what its data class lets a rule do with it.</summary>
public sealed record KeyChoice(string Key, string Usage)
{
    public string Label => $"{Key} ({Usage})";

    internal static KeyChoice From(TraitKeyInfo info) => new(info.Key, UsageOf(info.Class, info.Scope));

    internal static string UsageOf(DataClass dataClass, TraitScope scope) => dataClass switch
    {
        DataClass.Public => "public: every op",
        DataClass.Personal when scope == TraitScope.User => "personal: equals / not equals through the blind index",
        DataClass.Personal => "personal: not usable on companies, which have no blind index",
        _ => "PHI: not usable for targeting",
    };
}
