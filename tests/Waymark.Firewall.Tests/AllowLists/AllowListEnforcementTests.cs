using System.Net;
using Waymark.Firewall.AllowLists;
using Waymark.TestSupport;
using static Waymark.Firewall.Tests.AllowLists.AllowListApi;

namespace Waymark.Firewall.Tests.AllowLists;

/// <summary>
/// What the lists let through, over real HTTP from 127.0.0.1: server keys against the api list, members' dashboard
/// pages against the dashboard list, write keys against nothing; an empty list is open.
/// </summary>
public abstract class AllowListEnforcementTests(WaymarkTestServer server)
{
    [Fact]
    public async Task ServerKey_FromOutsideTheApiList_IsRefusedWith403_AndAuditedOncePerMinuteNotPerRequest()
    {
        var api = await CreateAsync(server);
        Assert.Equal(HttpStatusCode.Created, (await api.AddAsync(AllowListSurface.Api, new { cidr = "10.0.0.0/8", label = "vpn" })).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var problem = await AssertProblemAsync(await api.Full.GetAsync(Lists), HttpStatusCode.Forbidden, "address-not-allowed");
            Assert.Contains("127.0.0.1", (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Contains("api allow list", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        await api.OperatorClearsAsync(AllowListSurface.Api);
        var blocked = Assert.Single(await api.AuditAsync("firewall.address-blocked"));
        Assert.Equal("server-key", (string?)blocked["actor"]!["kind"]);
        Assert.Equal("denied", (string?)blocked["outcome"]);
        Assert.Equal("127.0.0.1", (string?)blocked["source_ip"]);
        Assert.Equal("api", (string?)blocked["details"]!["surface"]);
    }

    [Fact]
    public async Task ServerKey_FromInsideTheApiList_IsServed()
    {
        var api = await CreateAsync(server);
        Assert.Equal(HttpStatusCode.Created, (await api.AddAsync(AllowListSurface.Api, new { cidr = "127.0.0.0/8", label = "loopback" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync(Lists)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync("/v1/keys")).StatusCode);
        Assert.Empty(await api.AuditAsync("firewall.address-blocked"));
    }

    [Fact]
    public async Task AnIPv6OnlyList_RefusesAnIPv4Client_AndAnIPv4RuleAddedBesideItLetsItIn()
    {
        var api = await CreateAsync(server);
        await api.OperatorAddsAsync(AllowListSurface.Api, "2001:db8::/32");
        await api.OperatorAddsAsync(AllowListSurface.Api, "::1");
        await AssertProblemAsync(await api.Full.GetAsync(Lists), HttpStatusCode.Forbidden, "address-not-allowed");

        await api.OperatorAddsAsync(AllowListSurface.Api, "127.0.0.1");

        Assert.Equal(["2001:db8::/32", "::1/128", "127.0.0.1/32"], Cidrs(await api.ListsAsync(), "api"));
    }

    [Fact]
    public async Task EmptyLists_AreOpenToEveryAddress()
    {
        var api = await CreateAsync(server);

        var lists = await api.ListsAsync();

        Assert.Empty(Cidrs(lists, "api"));
        Assert.Empty(Cidrs(lists, "dashboard"));
    }

    [Fact]
    public async Task WriteKeys_AreNotSubjectToTheApiList()
    {
        var api = await CreateAsync(server);
        await api.OperatorAddsAsync(AllowListSurface.Api, "10.0.0.0/8");

        var tracked = await api.Write.PostAsync("/v1/track", Json(new { userId = "u-1", @event = "Opened" }));

        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        await AssertProblemAsync(await api.Full.GetAsync(Lists), HttpStatusCode.Forbidden, "address-not-allowed");
    }

    [Fact]
    public async Task MemberDashboardPages_FromOutsideTheDashboardList_AreRefusedAndAudited_AndInsideItAreServed()
    {
        var api = await CreateAsync(server);
        using var owner = await api.SignedInOwnerAsync();
        var page = $"/w/{api.Workspace.WorkspaceId}/firewall";
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(page)).Status);

        await api.OperatorAddsAsync(AllowListSurface.Dashboard, "10.0.0.0/8");
        var refused = await owner.GetAsync(page);
        var refusedOverview = await owner.GetAsync($"/w/{api.Workspace.WorkspaceId}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.True(refused.Shows("Your address is not allowed in this workspace"));
        Assert.True(refused.Shows("127.0.0.1"));
        Assert.Equal(HttpStatusCode.Forbidden, refusedOverview.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync(Lists)).StatusCode);
        var blocked = Assert.Single(await api.AuditAsync("firewall.address-blocked"));
        Assert.Equal("member", (string?)blocked["actor"]!["kind"]);
        Assert.Equal("dashboard", (string?)blocked["details"]!["surface"]);

        await api.OperatorAddsAsync(AllowListSurface.Dashboard, "127.0.0.0/8");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(page)).Status);
    }
}

public sealed class SqliteAllowListEnforcementTests(SqliteServerFixture fixture) : AllowListEnforcementTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAllowListEnforcementTests(PostgresServerFixture fixture) : AllowListEnforcementTests(fixture.Server), IClassFixture<PostgresServerFixture>;
