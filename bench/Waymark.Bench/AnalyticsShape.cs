namespace Waymark.Bench;

/// <summary>One generated row of <c>users</c> or <c>events</c>, as the analytics fill writes it.</summary>
internal readonly record struct FillUser(byte[] SubjectHash, byte[] SealedId, string PublicTraits, long CreatedAt);

internal readonly record struct FillEvent(byte[] SubjectHash, string Name, long Timestamp, string PublicData);

/// <summary>
/// The product-analytics shape of <c>waymark-bench analytics-fill</c>, reproducible from a seed: users created evenly over
/// the span, each with a plan; a Zipf-like spread over 30 event names; weekday-heavy days; new users busier than old
/// ones (so retention decays); and a signup funnel ("Signed up" → "Created project" → "Invited teammate") walked in
/// order by a share of the users.
/// </summary>
internal sealed class AnalyticsShape
{
    public const string FunnelStep1 = "Signed up";
    public const string FunnelStep2 = "Created project";
    public const string FunnelStep3 = "Invited teammate";

    public static readonly string[] Names =
    [
        "Page Viewed", "Button Clicked", "Report Viewed", "Dashboard Opened", "Search Performed", "Item Added",
        "Filter Applied", "Comment Posted", "File Uploaded", "Notification Opened", "Ran query", "Chart Created",
        "Exported CSV", "Settings Changed", "Tour Finished", "Integration Connected", "Alert Created", "Profile Updated",
        "Plan Viewed", "Invoice Downloaded", "Help Opened", "API Key Created", "Theme Changed", "Feedback Sent",
        "Order Placed", "Plan Changed", "Video Played", "Webhook Added", "Team Renamed", "Account Deleted",
    ];

    private static readonly (string Value, double Weight)[] Plans = [("free", 0.55), ("pro", 0.25), ("team", 0.15), ("enterprise", 0.05)];
    private static readonly (string Value, double Weight)[] Browsers = [("Chrome", 0.6), ("Safari", 0.2), ("Firefox", 0.1), ("Edge", 0.08), ("Opera", 0.02)];
    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "NL", "IN", "BR", "JP"];

    // Share of the day's events that go to users created in the last fortnight.
    private const double NewUserShare = 0.3;

    private readonly XorShift _rng;
    private readonly double[] _nameCdf;
    private readonly string[][] _publicData;
    private readonly int[] _plans;
    private readonly int[] _createdBy;

    public AnalyticsShape(ulong seed, int userCount, int days, long endMs)
    {
        _rng = new XorShift(seed);
        Days = days;
        StartMs = endMs - days * 86_400_000L;
        EndMs = endMs;
        _nameCdf = Cdf(Names.Select((_, k) => 1.0 / Math.Pow(k + 1, 1.1)).ToArray());
        _publicData = Plans.Select(p => Browsers.Select(b => $$$"""{"props":{"plan":"{{{p.Value}}}","browser":"{{{b.Value}}}"}}""").ToArray()).ToArray();
        Users = new FillUser[userCount];
        _plans = new int[userCount];
        _createdBy = new int[days + 1];
        var span = EndMs - StartMs;
        var planCdf = Cdf(Plans.Select(p => p.Weight).ToArray());
        for (var i = 0; i < userCount; i++)
        {
            var hash = new byte[16];
            _rng.Fill(hash);
            var sealedId = new byte[48];
            _rng.Fill(sealedId);
            _plans[i] = Pick(planCdf);
            // Evenly spread and in order, so "users created by day d" is a prefix of the array.
            var created = StartMs + (long)((i + _rng.NextDouble()) * span / userCount);
            var traits = $$"""{"plan":"{{Plans[_plans[i]].Value}}","country":"{{Countries[_rng.Next(Countries.Length)]}}","seats":{{1 + _rng.Next(200)}}}""";
            Users[i] = new FillUser(hash, sealedId, traits, created);
        }

        for (var d = 0; d <= days; d++)
        {
            var dayEnd = StartMs + d * 86_400_000L;
            _createdBy[d] = LowerBound(dayEnd);
        }
    }

    public FillUser[] Users { get; }

    public int Days { get; }

    public long StartMs { get; }

    public long EndMs { get; }

    /// <summary>Every event, day by day; <paramref name="total"/> includes the funnel events.</summary>
    public IEnumerable<FillEvent> Events(long total)
    {
        var funnel = FunnelByDay();
        var funnelCount = funnel.Sum(f => (long)f.Count);
        var general = Math.Max(0, total - funnelCount);
        var weights = Enumerable.Range(0, Days).Select(DayWeight).ToArray();
        var weightSum = weights.Sum();
        long emitted = 0;
        var browserCdf = Cdf(Browsers.Select(b => b.Weight).ToArray());
        for (var d = 0; d < Days; d++)
        {
            foreach (var e in funnel[d])
            {
                yield return e;
            }

            var target = d == Days - 1 ? general : (long)Math.Round(general * weights.Take(d + 1).Sum() / weightSum);
            var dayStart = StartMs + d * 86_400_000L;
            var known = _createdBy[d + 1];
            for (; emitted < target; emitted++)
            {
                if (known == 0)
                {
                    continue;
                }

                var recentFrom = _createdBy[Math.Max(0, d - 13)];
                var user = _rng.NextDouble() < NewUserShare ? recentFrom + _rng.Next(Math.Max(1, known - recentFrom)) : _rng.Next(known);
                user = Math.Min(user, known - 1);
                var u = Users[user];
                var timestamp = Math.Max(u.CreatedAt, dayStart + (long)(_rng.NextDouble() * 86_400_000));
                yield return new FillEvent(u.SubjectHash, Names[Pick(_nameCdf)], Math.Min(timestamp, EndMs - 1), _publicData[_plans[user]][Pick(browserCdf)]);
            }
        }
    }

    /// <summary>Random bytes of the size Waymark's sealed payloads have (184–276, mean 230), as the other fills write.</summary>
    public byte[] SealedPayload()
    {
        var bytes = new byte[184 + _rng.Next(93)];
        _rng.Fill(bytes);
        return bytes;
    }

    private List<FillEvent>[] FunnelByDay()
    {
        var byDay = Enumerable.Range(0, Days).Select(_ => new List<FillEvent>()).ToArray();
        for (var i = 0; i < Users.Length; i++)
        {
            var u = Users[i];
            var data = _publicData[_plans[i]][0];
            if (_rng.NextDouble() >= 0.6)
            {
                continue;
            }

            var at = u.CreatedAt + _rng.Next(60_000);
            Add(byDay, new FillEvent(u.SubjectHash, FunnelStep1, at, data));
            if (_rng.NextDouble() >= 0.5)
            {
                continue;
            }

            at += (long)(_rng.NextDouble() * 3 * 86_400_000);
            Add(byDay, new FillEvent(u.SubjectHash, FunnelStep2, at, data));
            if (_rng.NextDouble() >= 0.4)
            {
                continue;
            }

            at += (long)(_rng.NextDouble() * 7 * 86_400_000);
            Add(byDay, new FillEvent(u.SubjectHash, FunnelStep3, at, data));
        }

        return byDay;
    }

    private void Add(List<FillEvent>[] byDay, FillEvent e)
    {
        var day = (int)((e.Timestamp - StartMs) / 86_400_000);
        if (e.Timestamp < EndMs && day >= 0 && day < Days)
        {
            byDay[day].Add(e);
        }
    }

    // Weekends are about half as busy as weekdays, and the product grows slowly over the span.
    private double DayWeight(int d)
    {
        var date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(StartMs + d * 86_400_000L).UtcDateTime);
        var weekly = date.DayOfWeek switch { DayOfWeek.Saturday => 0.55, DayOfWeek.Sunday => 0.5, _ => 1.0 };
        return weekly * (0.7 + 0.6 * d / Days);
    }

    private int LowerBound(long createdBefore)
    {
        int lo = 0, hi = Users.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Users[mid].CreatedAt < createdBefore)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int Pick(double[] cdf)
    {
        var x = _rng.NextDouble();
        var i = Array.BinarySearch(cdf, x);
        return Math.Min(i < 0 ? ~i : i, cdf.Length - 1);
    }

    private static double[] Cdf(double[] weights)
    {
        var sum = weights.Sum();
        var cdf = new double[weights.Length];
        var acc = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            acc += weights[i] / sum;
            cdf[i] = acc;
        }

        return cdf;
    }
}
