using System.Globalization;
using Waymark.TestSupport;

namespace Waymark.Segments.Tests.Support;

/// <summary>
/// Five users (and one anonymous visitor) covering every rule type, sent through the ingest API with explicit
/// timestamps; "today" is the <see cref="AnchoredClock"/>'s day.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>u1: first seen 3 days ago (+1 h); plan "trial", seats 5, admin true, score 0.1, email (personal); "Created project" 3× two days ago and 1× nine days ago; in c1.</item>
/// <item>u2: first seen 10 days ago; plan "pro", seats "many", admin false; "Created project" 1× six days ago; in c2.</item>
/// <item>u3: first seen 40 days ago; plan null, seats 12.5, email (personal); "Invited teammate" yesterday, "Created project" 2× seven days ago; in c1 and c2.</item>
/// <item>u4: first seen an hour ago; only an email (personal).</item>
/// <item>u5: first seen 5 days ago; plan "trial-extended", seats -3, role "admin", nickname and an oddly named key holding SQL.</item>
/// <item>c1: tier "gold", seats 20; c2: tier "silver", seats 5.</item>
/// </list>
/// </remarks>
public static class Population
{
    public const string InjectionKey = "k') OR 1=1; DROP TABLE users; --";

    public const string InjectionValue = "x' OR '1'='1";

    public static readonly IReadOnlyList<string> Users = ["u1", "u2", "u3", "u4", "u5"];

    public static async Task SeedAsync(SegmentWorkspace workspace)
    {
        await workspace.ClassifyAsync(new Dictionary<string, string>
        {
            ["plan"] = "public", ["seats"] = "public", ["admin"] = "public", ["score"] = "public", ["role"] = "public",
            ["nickname"] = "public", ["tier"] = "public", [InjectionKey] = "public", ["diagnosis"] = "phi",
        });
        var clock = workspace.Clock;
        await workspace.SendAsync(
            Identify("u1", clock.DaysAgo(3, 1), new { plan = "trial", seats = 5, admin = true, score = 0.1, email = "Ada@Example.com" }),
            Identify("u2", clock.DaysAgo(10), new { plan = "pro", seats = "many", admin = false }),
            Identify("u3", clock.DaysAgo(40), new Dictionary<string, object?> { ["plan"] = null, ["seats"] = 12.5, ["email"] = "bob@example.com" }),
            Identify("u4", clock.DaysAgo(0, -1), new { email = "carol@example.com" }),
            Identify("u5", clock.DaysAgo(5), new Dictionary<string, object?> { ["plan"] = "trial-extended", ["seats"] = -3, ["role"] = "admin", ["nickname"] = InjectionValue, [InjectionKey] = "v", ["diagnosis"] = "flu" }),
            Group("u1", "c1", clock.DaysAgo(3, 2), new { tier = "gold", seats = 20 }),
            Group("u2", "c2", clock.DaysAgo(3, 2), new { tier = "silver", seats = 5 }),
            Group("u3", "c1", clock.DaysAgo(3, 2), new { tier = "gold", seats = 20 }),
            Group("u3", "c2", clock.DaysAgo(3, 2), new { tier = "silver", seats = 5 }),
            Track("u1", "Created project", clock.DaysAgo(2)),
            Track("u1", "Created project", clock.DaysAgo(2, 1)),
            Track("u1", "Created project", clock.DaysAgo(2, 2)),
            Track("u1", "Created project", clock.DaysAgo(9)),
            Track("u2", "Created project", clock.DaysAgo(6, -11)),
            Track("u3", "Invited teammate", clock.DaysAgo(1)),
            Track("u3", "Created project", clock.DaysAgo(7, 11)),
            Track("u3", "Created project", clock.DaysAgo(7, 11)),
            new { type = "track", anonymousId = "visitor-1", @event = "Created project", timestamp = Iso(clock.DaysAgo(0, -2)) });
    }

    private static object Identify(string userId, DateTimeOffset at, object traits) => new { type = "identify", userId, traits, timestamp = Iso(at) };

    private static object Group(string userId, string groupId, DateTimeOffset at, object traits) => new { type = "group", userId, groupId, traits, timestamp = Iso(at) };

    private static object Track(string userId, string name, DateTimeOffset at) => new { type = "track", userId, @event = name, timestamp = Iso(at) };

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
