namespace Waymark.Segments.Rules;

/// <summary>The event names a rule tree counts: what <see cref="Evaluation.SubjectStateLoader"/> must read for it.</summary>
internal static class RuleEvents
{
    public static IReadOnlySet<string> Of(SegmentRule rule)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Add(rule, names);
        return names;
    }

    private static void Add(SegmentRule rule, HashSet<string> names)
    {
        switch (rule)
        {
            case RuleGroup group:
                foreach (var child in group.Rules)
                {
                    Add(child, names);
                }

                break;
            case EventRule e:
                names.Add(e.Event);
                break;
        }
    }
}
