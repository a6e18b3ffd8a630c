using System.Net;
using Waymark.Firewall.AllowLists;
using Waymark.TestSupport;
using static Waymark.Firewall.Tests.AllowLists.AllowListApi;

namespace Waymark.Firewall.Tests.AllowLists;

/// <summary>
/// <c>/v1/firewall/allow-lists</c>: adding and removing ranges (normalised, audited), refusing bad input without
/// changing anything, refusing callers without settings:manage, and refusing to shut the caller out of the dashboard.
/// </summary>
public abstract class AllowListManagementTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Rules_AreAddedNormalisedListedAndRemoved_AndEachChangeIsAudited()
    {
        var api = await CreateAsync(server);

        var loopback = await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "127.0.0.1", label = "this machine" });
        var v6 = await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "2001:DB8:0::/32" });
        Assert.Equal(HttpStatusCode.Created, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.Created, v6.StatusCode);
        var v6Rule = System.Text.Json.Nodes.JsonNode.Parse(await v6.Content.ReadAsStringAsync())!;
        Assert.Equal("2001:db8::/32", (string?)v6Rule["cidr"]);
        Assert.Null((string?)v6Rule["label"]);

        var lists = await api.ListsAsync();
        Assert.Equal(["127.0.0.1/32", "2001:db8::/32"], Cidrs(lists, "dashboard"));
        Assert.Equal("this machine", (string?)lists["dashboard"]![0]!["label"]);
        Assert.NotNull(lists["dashboard"]![0]!["created_at"]);
        Assert.Empty(Cidrs(lists, "api"));

        var id = (long)v6Rule["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await api.Full.DeleteAsync($"{Lists}/dashboard/{id}")).StatusCode);
        await AssertProblemAsync(await api.Full.DeleteAsync($"{Lists}/dashboard/{id}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["127.0.0.1/32"], Cidrs(await api.ListsAsync(), "dashboard"));

        var added = await api.AuditAsync("firewall.allow-rule-added");
        Assert.Equal(2, added.Count);
        Assert.Equal("127.0.0.1/32", (string?)added[1]["details"]!["cidr"]);
        Assert.Equal("this machine", (string?)added[1]["details"]!["label"]);
        Assert.Equal("(open)", (string?)added[1]["details"]!["list_before"]);
        Assert.Equal("127.0.0.1/32,2001:db8::/32", (string?)added[0]["details"]!["list_after"]);
        var removed = Assert.Single(await api.AuditAsync("firewall.allow-rule-removed"));
        Assert.Equal("2001:db8::/32", (string?)removed["details"]!["cidr"]);
        Assert.Equal("127.0.0.1/32", (string?)removed["details"]!["list_after"]);
        Assert.Equal("server-key", (string?)removed["actor"]!["kind"]);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("300.1.2.3/8")]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.1/16")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%1")]
    [InlineData("")]
    public async Task InvalidRanges_AreRefusedWith400_AndNothingChanges(string cidr)
    {
        var api = await CreateAsync(server);

        await AssertProblemAsync(await api.AddAsync(AllowListSurface.Api, new { cidr }), HttpStatusCode.BadRequest, "invalid-cidr");

        Assert.Empty(Cidrs(await api.ListsAsync(), "api"));
        Assert.Empty(await api.AuditAsync("firewall.allow-rule-added"));
    }

    [Fact]
    public async Task HostBitsBeyondThePrefix_AreRefusedWithTheRangeMeant()
    {
        var api = await CreateAsync(server);

        var problem = await AssertProblemAsync(await api.AddAsync(AllowListSurface.Api, new { cidr = "203.0.113.7/24" }), HttpStatusCode.BadRequest, "invalid-cidr");

        Assert.Contains("203.0.113.0/24", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSurfaces_AndOverlongLabels_AreRefusedWith400_AndNothingChanges()
    {
        var api = await CreateAsync(server);

        await AssertProblemAsync(await api.AddAsync("web", new { cidr = "127.0.0.0/8" }), HttpStatusCode.BadRequest, "unknown-surface");
        await AssertProblemAsync(await api.AddAsync(AllowListSurface.Api, new { cidr = "127.0.0.0/8", label = new string('x', 101) }), HttpStatusCode.BadRequest, "invalid-label");
        await AssertProblemAsync(await api.AddAsync(AllowListSurface.Api, new { label = "no range" }), HttpStatusCode.BadRequest, "invalid-cidr");
        await AssertProblemAsync(await api.Full.DeleteAsync($"{Lists}/web/1"), HttpStatusCode.BadRequest, "unknown-surface");

        var lists = await api.ListsAsync();
        Assert.Empty(Cidrs(lists, "api"));
        Assert.Empty(Cidrs(lists, "dashboard"));
    }

    [Fact]
    public async Task AHundredRulesPerSurface_AreTheLimit_AndTheNextIsRefusedWith400()
    {
        var api = await CreateAsync(server);
        await api.OperatorAddsAsync(AllowListSurface.Api, "127.0.0.0/8");
        for (var i = 1; i < AllowListStore.MaxRulesPerSurface; i++)
        {
            await api.OperatorAddsAsync(AllowListSurface.Api, $"10.0.{i}.0/24");
        }

        await AssertProblemAsync(await api.AddAsync(AllowListSurface.Api, new { cidr = "10.1.0.0/24" }), HttpStatusCode.BadRequest, "too-many-rules");

        Assert.Equal(AllowListStore.MaxRulesPerSurface, Cidrs(await api.ListsAsync(), "api").Count);
        Assert.Equal(HttpStatusCode.Created, (await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "127.0.0.0/8" })).StatusCode);
    }

    [Fact]
    public async Task ChangingTheLists_NeedsSettingsManage_WhileReadingThemNeedsWorkspaceView()
    {
        var api = await CreateAsync(server);
        await api.OperatorAddsAsync(AllowListSurface.Dashboard, "127.0.0.0/8");
        var id = (long)(await api.ListsAsync())["dashboard"]![0]!["id"]!;
        using var viewer = await api.KeyClientAsync("workspace:view");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(Lists)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "10.0.0.0/8" }, viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"{Lists}/dashboard/{id}")).StatusCode);

        Assert.Equal(["127.0.0.0/8"], Cidrs(await api.ListsAsync(), "dashboard"));
    }

    [Fact]
    public async Task AChangeThatWouldShutTheCallerOutOfTheDashboard_IsRefusedWith400SayingSo()
    {
        var api = await CreateAsync(server);

        var adding = await AssertProblemAsync(await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "10.0.0.0/8" }), HttpStatusCode.BadRequest, "allow-list-lockout");
        Assert.Contains("127.0.0.1", (string)adding["detail"]!, StringComparison.Ordinal);
        Assert.Empty(Cidrs(await api.ListsAsync(), "dashboard"));

        Assert.Equal(HttpStatusCode.Created, (await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "127.0.0.0/8" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.AddAsync(AllowListSurface.Dashboard, new { cidr = "10.0.0.0/8" })).StatusCode);
        var ids = (await api.ListsAsync())["dashboard"]!.AsArray().Select(r => (long)r!["id"]!).ToList();
        await AssertProblemAsync(await api.Full.DeleteAsync($"{Lists}/dashboard/{ids[0]}"), HttpStatusCode.BadRequest, "allow-list-lockout");
        Assert.Equal(["127.0.0.0/8", "10.0.0.0/8"], Cidrs(await api.ListsAsync(), "dashboard"));

        Assert.Equal(HttpStatusCode.NoContent, (await api.Full.DeleteAsync($"{Lists}/dashboard/{ids[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Full.DeleteAsync($"{Lists}/dashboard/{ids[0]}")).StatusCode);
        Assert.Empty(Cidrs(await api.ListsAsync(), "dashboard"));
    }
}

public sealed class SqliteAllowListManagementTests(SqliteServerFixture fixture) : AllowListManagementTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAllowListManagementTests(PostgresServerFixture fixture) : AllowListManagementTests(fixture.Server), IClassFixture<PostgresServerFixture>;
