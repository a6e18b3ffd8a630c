using System.Globalization;
using Waymark.TestSupport;

namespace Waymark.Analytics.Tests.Support;

/// <summary>One track event as generated; <see cref="Plan"/> is the public property analytics may break down by.</summary>
public sealed record GeneratedEvent(string Subject, string Name, DateTimeOffset At, object? Plan);

/// <summary>
/// A few thousand track events from a seeded <see cref="Random"/>: identified users (each identified once, at their
/// first-seen time, some with a public "tier" trait), anonymous visitors, four event names, a "plan" property with more
/// than ten values (strings and numbers) or none, over the 60 days before the clock's anchor, on whole hours so that
/// events often share a timestamp. A few hand-made users add the funnel's edge cases.
/// </summary>
public sealed class Dataset
{
    public static readonly string[] Names = ["Signed up", "Created project", "Invited teammate", "Upgraded"];

    private static readonly string[] Plans = ["free", "pro", "=SUM(A1)", "team", "enterprise", "trial", "starter", "growth", "scale", "edu", "nonprofit", "partner", "legacy"];

    private Dataset(List<GeneratedEvent> events, Dictionary<string, DateTimeOffset> firstSeen, Dictionary<string, string> tiers, HashSet<string> anonymous)
    {
        Events = events;
        FirstSeen = firstSeen;
        Tiers = tiers;
        Anonymous = anonymous;
    }

    public IReadOnlyList<GeneratedEvent> Events { get; }

    /// <summary>Identified users and when they were identified (their <c>users.created_at</c>).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FirstSeen { get; }

    /// <summary>The users with a "tier" trait, and its value.</summary>
    public IReadOnlyDictionary<string, string> Tiers { get; }

    public IReadOnlySet<string> Anonymous { get; }

    public static Dataset Generate(ulong seed, AnchoredClock clock)
    {
        var random = new SeededRandom(seed);
        var end = clock.Anchor.AddHours(-1);
        var events = new List<GeneratedEvent>();
        var firstSeen = new Dictionary<string, DateTimeOffset>();
        var tiers = new Dictionary<string, string>();
        var anonymous = new HashSet<string>();
        for (var u = 0; u < 60; u++)
        {
            var isAnonymous = u >= 50;
            var subject = isAnonymous ? "visitor-" + u.ToString(CultureInfo.InvariantCulture) : "user-" + u.ToString(CultureInfo.InvariantCulture);
            var start = end.AddHours(-random.Next(0, 60 * 24));
            if (isAnonymous)
            {
                anonymous.Add(subject);
            }
            else
            {
                firstSeen[subject] = start;
                if (random.Next(3) == 0)
                {
                    tiers[subject] = random.Next(2) == 0 ? "gold" : "silver";
                }
            }

            var span = (int)(end - start).TotalHours;
            var count = random.Next(5, 90);
            for (var i = 0; i < count; i++)
            {
                var at = start.AddHours(random.Next(0, span + 1));
                events.Add(new GeneratedEvent(subject, Pick(random), at, PlanOf(random)));
            }
        }

        AddEdges(events, firstSeen, clock);
        return new Dataset(events, firstSeen, tiers, anonymous);
    }

    /// <summary>Only the hand-made funnel cases, all of them on <see cref="EdgeDay"/>.</summary>
    public static Dataset Edges(AnchoredClock clock)
    {
        var events = new List<GeneratedEvent>();
        var firstSeen = new Dictionary<string, DateTimeOffset>();
        AddEdges(events, firstSeen, clock);
        return new Dataset(events, firstSeen, [], []);
    }

    /// <summary>The day of the hand-made funnel cases.</summary>
    public static DateOnly EdgeDay(AnchoredClock clock) => DateOnly.FromDateTime(EdgeTime(clock).UtcDateTime);

    /// <summary>The calls that store this dataset: each user's identify first, then every event.</summary>
    public IEnumerable<object> Calls()
    {
        foreach (var (user, at) in FirstSeen.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            object traits = Tiers.TryGetValue(user, out var tier) ? new { tier, email = user + "@example.com" } : new { email = user + "@example.com" };
            yield return new { type = "identify", userId = user, traits, timestamp = Iso(at) };
        }

        foreach (var e in Events)
        {
            var properties = e.Plan is null ? new Dictionary<string, object?> { ["seats"] = 3 } : new Dictionary<string, object?> { ["plan"] = e.Plan };
            yield return Anonymous.Contains(e.Subject)
                ? new { type = "track", anonymousId = e.Subject, @event = e.Name, properties, timestamp = Iso(e.At) }
                : new { type = "track", userId = e.Subject, @event = e.Name, properties, timestamp = Iso(e.At) };
        }
    }

    public Dataset Without(string subject) =>
        new(
            Events.Where(e => e.Subject != subject).ToList(),
            FirstSeen.Where(u => u.Key != subject).ToDictionary(),
            Tiers.Where(u => u.Key != subject).ToDictionary(),
            Anonymous.Where(a => a != subject).ToHashSet());

    private static DateTimeOffset EdgeTime(AnchoredClock clock) => clock.Anchor.AddHours(-1).AddDays(-20);

    private static void AddEdges(List<GeneratedEvent> events, Dictionary<string, DateTimeOffset> firstSeen, AnchoredClock clock)
    {
        var t = EdgeTime(clock);
        events.AddRange(
        [
            // Step 2 at the very time of step 1: reached (at or after).
            new("edge-tie", "Signed up", t, "pro"), new("edge-tie", "Created project", t, "pro"),
            // Step 2 only before step 1: not reached.
            new("edge-before", "Created project", t.AddHours(-1), null), new("edge-before", "Signed up", t, null),
            // Step 2 fifteen days after step 1: outside a 14-day window, inside a 20-day one.
            new("edge-window", "Signed up", t, null), new("edge-window", "Created project", t.AddDays(15), null),
            // Two events of the same name at the same time: A → A is reached with the second row.
            new("edge-twice", "Signed up", t, null), new("edge-twice", "Signed up", t, null),
        ]);
        foreach (var edge in new[] { "edge-tie", "edge-before", "edge-window", "edge-twice" })
        {
            firstSeen[edge] = t.AddHours(-2);
        }
    }

    private static string Pick(SeededRandom random) => random.Next(10) switch
    {
        0 => Names[0],
        < 5 => Names[1],
        < 8 => Names[2],
        _ => Names[3],
    };

    private static object? PlanOf(SeededRandom random)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 15 => null,
            < 20 => random.Next(1, 4),
            // Skewed, so that a few values lead and the tail is folded into "(other)".
            _ => Plans[Math.Min(Plans.Length - 1, (int)Math.Floor(Math.Pow(random.NextDouble(), 2) * Plans.Length))],
        };
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
