using System.Globalization;
using System.Net;
using Waymark.Audit;
using Waymark.TestSupport;
using static Waymark.Firewall.Tests.RateLimits.Limited;

namespace Waymark.Firewall.Tests.RateLimits;

/// <summary>
/// A key hammering past its limit is audited once a minute with the number refused since the last entry, never once
/// per refused request.
/// </summary>
public abstract class RateLimitedAuditTests(string provider)
{
    [Fact]
    public async Task RefusedRequests_AreAuditedOncePerMinutePerKey_WithTheCountSinceTheLastEntry()
    {
        var clock = new MovableClock();
        await using var server = await StartAsync(provider, writeKey: 1, clock: clock);
        var workspace = await server.CreateWorkspaceAsync();
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);
        await SendUntilRefusedAsync(() => TrackAsync(writeKey));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await TrackAsync(writeKey)).StatusCode);
        }

        var first = Assert.Single(await AuditAsync(server, workspace.InternalId, AuditActions.RateLimited));
        Assert.Equal("key", first.TargetType);
        Assert.Equal("write-key", first.Details!["limit"]);
        Assert.Equal("1", first.Details["per_minute"]);
        Assert.Equal("1", first.Details["refused_since_last_entry"]);
        Assert.Equal(AuditOutcome.Denied, first.Outcome);
        Assert.Equal(first.Actor.Id, first.TargetId);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TrackAsync(writeKey)).StatusCode);

        var entries = await AuditAsync(server, workspace.InternalId, AuditActions.RateLimited);
        Assert.Equal(2, entries.Count);
        Assert.Equal(5.ToString(CultureInfo.InvariantCulture), entries.MaxBy(e => e.Seq)!.Details!["refused_since_last_entry"]);
    }
}

public sealed class SqliteRateLimitedAuditTests() : RateLimitedAuditTests("sqlite");

public sealed class PostgresRateLimitedAuditTests() : RateLimitedAuditTests("postgres");
