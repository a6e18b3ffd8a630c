using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Waymark.Audit;
using static Waymark.Firewall.Tests.RateLimits.Limited;

namespace Waymark.Firewall.Tests.RateLimits;

/// <summary>
/// The limits over real HTTP, each on a server started with small instance limits: a write key, a server key, a whole
/// workspace and an address without a valid key are each refused with 429, <c>Retry-After</c> and a problem naming
/// the limit, while other keys, workspaces and the health probes go on being served.
/// </summary>
public abstract class RequestLimitTests(string provider)
{
    [Fact]
    public async Task WriteKey_OverItsLimit_IsRefusedWithRetryAfter_WhileAnotherWorkspacesWriteKeyIsServed()
    {
        await using var server = await StartAsync(provider, writeKey: 3);
        var busy = await server.CreateWorkspaceAsync();
        var quiet = await server.CreateWorkspaceAsync();
        using var busyKey = server.WriteKeyClient(busy.WriteKey);
        using var quietKey = server.WriteKeyClient(quiet.WriteKey);

        var (refused, passed) = await SendUntilRefusedAsync(() => TrackAsync(busyKey));

        Assert.True(passed >= 3);
        var problem = await AssertRateLimitedAsync(refused, "write-key");
        Assert.Equal(3, (int)problem["limit_per_minute"]!);
        // Three a minute refill one every 20 seconds: the wait is until the next one, not a fixed second.
        Assert.InRange((int)problem["retry_after_seconds"]!, 2, 20);
        Assert.Equal(refused.Headers.GetValues("Retry-After").Single(), ((int)problem["retry_after_seconds"]!).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(quietKey)).StatusCode);
        using var busyServer = server.ServerKeyClient(busy.ServerKey);
        Assert.Equal(HttpStatusCode.OK, (await busyServer.GetAsync("/v1/firewall/rate-limits")).StatusCode);
    }

    [Fact]
    public async Task ServerKey_OverItsLimit_IsRefused_WhileTheWorkspacesWriteKeyIsServed()
    {
        await using var server = await StartAsync(provider, serverKey: 3);
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);

        var (refused, passed) = await SendUntilRefusedAsync(() => serverKey.GetAsync("/v1/firewall/rate-limits"));

        Assert.True(passed >= 3);
        await AssertRateLimitedAsync(refused, "server-key");
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(writeKey)).StatusCode);
    }

    [Fact]
    public async Task WorkspaceLimit_CountsEveryKeyOfTheWorkspaceTogether_AndSparesOtherWorkspaces()
    {
        await using var server = await StartAsync(provider, workspace: 6);
        var workspace = await server.CreateWorkspaceAsync();
        var other = await server.CreateWorkspaceAsync();
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        var turn = 0;

        var (refused, passed) = await SendUntilRefusedAsync(() => turn++ % 2 == 0 ? TrackAsync(writeKey) : serverKey.GetAsync("/v1/firewall/rate-limits"));

        Assert.True(passed >= 6);
        await AssertRateLimitedAsync(refused, "workspace");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TrackAsync(writeKey)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await serverKey.GetAsync("/v1/firewall/rate-limits")).StatusCode);
        using var otherKey = server.WriteKeyClient(other.WriteKey);
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(otherKey)).StatusCode);
    }

    [Fact]
    public async Task AKeyRefusedForItsOwnLimit_TakesNothingFromItsWorkspacesBudget()
    {
        await using var server = await StartAsync(provider, writeKey: 2, workspace: 8);
        var workspace = await server.CreateWorkspaceAsync();
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        await SendUntilRefusedAsync(() => TrackAsync(writeKey));
        for (var i = 0; i < 10; i++)
        {
            await AssertRateLimitedAsync(await TrackAsync(writeKey), "write-key");
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await serverKey.GetAsync("/v1/firewall/rate-limits")).StatusCode);
        }
    }

    [Fact]
    public async Task RequestsWithoutAValidKey_AreLimitedPerAddress_AcrossBadKeysAndSignInPages_ButValidKeysAreNot()
    {
        await using var server = await StartAsync(provider, address: 4);
        var workspace = await server.CreateWorkspaceAsync();
        using var badKey = server.WriteKeyClient("wk_not_a_real_key");
        using var anonymous = server.Client();
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);

        var (refused, passed) = await SendUntilRefusedAsync(() => TrackAsync(badKey));

        Assert.True(passed >= 4);
        await AssertRateLimitedAsync(refused, "address");
        await AssertRateLimitedAsync(await anonymous.GetAsync("/signin"), "address");
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(writeKey)).StatusCode);
        var audited = Assert.Single(await AuditAsync(server, AuditEvent.InstanceChain, AuditActions.RateLimited));
        Assert.Equal("address", audited.TargetType);
        Assert.Null(audited.TargetId);
        Assert.Equal("address", audited.Details!["limit"]);
        Assert.Equal(AuditOutcome.Denied, audited.Outcome);
    }

    [Fact]
    public async Task HealthMetricsAndApiDescription_AreNeverLimited_AndTheMetricCountsRefusalsByKindOnly()
    {
        await using var server = await StartAsync(provider, address: 2);
        using var anonymous = server.Client();
        await SendUntilRefusedAsync(() => anonymous.GetAsync("/signin"));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        }

        var metrics = await anonymous.GetStringAsync("/metrics");
        // Meter listeners are process-wide: servers of tests running alongside may add series of their own here.
        var series = metrics.Split('\n').Where(l => l.StartsWith("waymark_firewall_rate_limited_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, l => l.Contains("limit=\"address\"", StringComparison.Ordinal));
        Assert.All(series, l => Assert.Matches("""^waymark_firewall_rate_limited_total\{otel_scope_name="Waymark\.Firewall",limit="[a-z-]+"\} \d+""", l));
    }

    [Fact]
    public async Task WorkspaceOverride_LowersTheWriteKeyLimit_ForThatWorkspaceOnly_AtOnce()
    {
        await using var server = await StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        var other = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);
        using var otherKey = server.WriteKeyClient(other.WriteKey);
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(writeKey)).StatusCode);

        var put = await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = 2, server_key_per_minute = (int?)null, workspace_per_minute = (int?)null }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var (refused, _) = await SendUntilRefusedAsync(() => TrackAsync(writeKey));
        var problem = await AssertRateLimitedAsync(refused, "write-key");
        Assert.Equal(2, (int)problem["limit_per_minute"]!);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TrackAsync(otherKey)).StatusCode);
        }
    }

    [Fact]
    public async Task WorkspaceOverride_RaisesTheWriteKeyLimitAboveTheInstanceDefault()
    {
        await using var server = await StartAsync(provider, writeKey: 2);
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);

        var put = await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = 1000, server_key_per_minute = (int?)null, workspace_per_minute = (int?)null }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        for (var i = 0; i < Attempts; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TrackAsync(writeKey)).StatusCode);
        }

        var limits = await GetJsonAsync(serverKey, "/v1/firewall/rate-limits");
        Assert.Equal(1000, (int)limits["write_key_per_minute"]!);
        Assert.Equal(2, (int)limits["defaults"]!["write_key_per_minute"]!);
    }

    [Fact]
    public async Task WorkspaceOverride_OfTheWorkspaceLimit_RefusesAcrossItsKeys()
    {
        await using var server = await StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        using var writeKey = server.WriteKeyClient(workspace.WriteKey);

        var put = await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = (int?)null, server_key_per_minute = (int?)null, workspace_per_minute = 3 }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var (refused, _) = await SendUntilRefusedAsync(() => TrackAsync(writeKey));
        await AssertRateLimitedAsync(refused, "workspace");
        await AssertRateLimitedAsync(await serverKey.GetAsync("/v1/firewall/rate-limits"), "workspace");
    }
}

public sealed class SqliteRequestLimitTests() : RequestLimitTests("sqlite");

public sealed class PostgresRequestLimitTests() : RequestLimitTests("postgres");
