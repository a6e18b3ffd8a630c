using System.Net;
using System.Text;
using Waymark.Audit;
using Waymark.TestSupport;
using static Waymark.Firewall.Tests.RateLimits.Limited;

namespace Waymark.Firewall.Tests.RateLimits;

/// <summary><c>GET</c>/<c>PUT /v1/firewall/rate-limits</c>: round trip, validation that changes nothing, permission, audit.</summary>
public abstract class RateLimitApiTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Get_OfANewWorkspace_ShowsNoOwnLimitsAndTheInstanceDefaults()
    {
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);

        var limits = await GetJsonAsync(serverKey, "/v1/firewall/rate-limits");

        Assert.Null(limits["write_key_per_minute"]);
        Assert.Null(limits["server_key_per_minute"]);
        Assert.Null(limits["workspace_per_minute"]);
        Assert.Equal(1_000_000, (int)limits["defaults"]!["write_key_per_minute"]!);
        Assert.Equal(60_000, (int)limits["defaults"]!["server_key_per_minute"]!);
        Assert.Equal(1_000_000, (int)limits["defaults"]!["workspace_per_minute"]!);
        Assert.Equal(600, (int)limits["defaults"]!["address_per_minute"]!);
    }

    [Fact]
    public async Task Put_StoresTheLimits_ReturnsThem_AndAuditsOldAndNewValues()
    {
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);

        var put = await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = 100, server_key_per_minute = (int?)null, workspace_per_minute = 1_000_000 }));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var limits = await GetJsonAsync(serverKey, "/v1/firewall/rate-limits");
        Assert.Equal(100, (int)limits["write_key_per_minute"]!);
        Assert.Null(limits["server_key_per_minute"]);
        Assert.Equal(1_000_000, (int)limits["workspace_per_minute"]!);
        var audited = Assert.Single(await AuditAsync(server, workspace.InternalId, AuditActions.RateLimitsChanged));
        Assert.Equal("default", audited.Details!["old_write_key_per_minute"]);
        Assert.Equal("100", audited.Details["new_write_key_per_minute"]);
        Assert.Equal("default", audited.Details["new_server_key_per_minute"]);
        Assert.Equal("1000000", audited.Details["new_workspace_per_minute"]);

        var reset = await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = (int?)null, server_key_per_minute = (int?)null, workspace_per_minute = (int?)null }));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Null((await GetJsonAsync(serverKey, "/v1/firewall/rate-limits"))["write_key_per_minute"]);
        var last = (await AuditAsync(server, workspace.InternalId, AuditActions.RateLimitsChanged)).MaxBy(e => e.Seq)!;
        Assert.Equal("100", last.Details!["old_write_key_per_minute"]);
        Assert.Equal("default", last.Details["new_write_key_per_minute"]);
    }

    [Theory]
    [InlineData("{\"write_key_per_minute\": 0, \"server_key_per_minute\": null, \"workspace_per_minute\": null}")]
    [InlineData("{\"write_key_per_minute\": null, \"server_key_per_minute\": 1000001, \"workspace_per_minute\": null}")]
    [InlineData("{\"write_key_per_minute\": null, \"server_key_per_minute\": null, \"workspace_per_minute\": -5}")]
    [InlineData("{\"write_key_per_minute\": 1.5, \"server_key_per_minute\": null, \"workspace_per_minute\": null}")]
    [InlineData("{\"write_key_per_minute\": \"100\", \"server_key_per_minute\": null, \"workspace_per_minute\": null}")]
    [InlineData("{\"write_key_per_minute\": 100, \"server_key_per_minute\": null}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task Put_WithAnInvalidBody_Is400_AndChangesNothing(string body)
    {
        var workspace = await server.CreateWorkspaceAsync();
        using var serverKey = server.ServerKeyClient(workspace.ServerKey);
        Assert.Equal(HttpStatusCode.OK, (await serverKey.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = 50, server_key_per_minute = 60, workspace_per_minute = 70 }))).StatusCode);

        var put = await serverKey.PutAsync("/v1/firewall/rate-limits", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("null for the instance default", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var limits = await GetJsonAsync(serverKey, "/v1/firewall/rate-limits");
        Assert.Equal(50, (int)limits["write_key_per_minute"]!);
        Assert.Equal(60, (int)limits["server_key_per_minute"]!);
        Assert.Equal(70, (int)limits["workspace_per_minute"]!);
        Assert.Single(await AuditAsync(server, workspace.InternalId, AuditActions.RateLimitsChanged));
    }

    [Fact]
    public async Task Put_WithoutSettingsManage_Is403_ButGetWithWorkspaceViewIsAllowed()
    {
        var workspace = await server.CreateWorkspaceAsync();
        using var full = server.ServerKeyClient(workspace.ServerKey);
        using var viewer = await KeyClientAsync(server, full, "workspace:view");

        var put = await viewer.PutAsync("/v1/firewall/rate-limits", Json(new { write_key_per_minute = 5, server_key_per_minute = (int?)null, workspace_per_minute = (int?)null }));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Null((await GetJsonAsync(viewer, "/v1/firewall/rate-limits"))["write_key_per_minute"]);
        Assert.Empty(await AuditAsync(server, workspace.InternalId, AuditActions.RateLimitsChanged));
        using var writer = await KeyClientAsync(server, full, "data:read");
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/v1/firewall/rate-limits")).StatusCode);
    }
}

public sealed class SqliteRateLimitApiTests(SqliteServerFixture fixture) : RateLimitApiTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresRateLimitApiTests(PostgresServerFixture fixture) : RateLimitApiTests(fixture.Server), IClassFixture<PostgresServerFixture>;
