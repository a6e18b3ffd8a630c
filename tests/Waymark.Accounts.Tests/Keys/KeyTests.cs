using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Keys;

/// <summary>Scoped server keys and write keys over the key API: shown once, never more than the creator holds, and refused (and audited) from the first request after they stop.</summary>
public sealed class KeyTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CreatedServerKey_ShowsItsSecretOnce_AndTheListShowsOnlyItsPrefix(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = await workspace.KeyClientAsync(Permissions.KeysManage, Permissions.DataRead);

        var created = await ReadJsonAsync(await admin.PostAsync("/v1/keys/", Json(new { name = "billing backend", scopes = new[] { Permissions.DataRead } })), HttpStatusCode.Created);
        var secret = (string)created["secret"]!;
        var prefix = (string)created["key"]!["prefix"]!;
        var listed = await admin.GetStringAsync("/v1/keys/");

        Assert.StartsWith("sk_", secret, StringComparison.Ordinal);
        Assert.StartsWith(prefix, secret, StringComparison.Ordinal);
        Assert.True(prefix.Length < secret.Length / 2, "The prefix must be far too short to use the key.");
        Assert.Equal([Permissions.DataRead], created["key"]!["scopes"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Contains(prefix, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Created.ServerKey, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Created.WriteKey, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);
        using var key = workspace.Server.ServerKeyClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/v1/data-classes/")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ServerKey_CannotBeGivenAPermissionItsCreatorLacks(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var keysOnly = await workspace.KeyClientAsync(Permissions.KeysManage, Permissions.DataRead);

        var response = await keysOnly.PostAsync("/v1/keys/", Json(new { name = "escalation", scopes = new[] { Permissions.DataRead, Permissions.AuditRead } }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(Permissions.AuditRead, (string?)problem["detail"], StringComparison.Ordinal);
        var keys = (await ReadJsonAsync(await keysOnly.GetAsync("/v1/keys/")))["keys"]!.AsArray();
        Assert.DoesNotContain(keys, k => (string?)k!["name"] == "escalation");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RevokedServerKey_FailsOnItsNextRequest_AndTheRefusalIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var key = await workspace.CreateKeyAsync([Permissions.DataRead]);
        using var client = workspace.Server.ServerKeyClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/data-classes/")).StatusCode);

        using var admin = workspace.FullKeyClient();
        var revoked = await ReadJsonAsync(await admin.DeleteAsync($"/v1/keys/{key.Key.Id}"));
        var refused = await client.GetAsync("/v1/data-classes/");

        Assert.Equal("revoked", (string?)revoked["state"]);
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        var denial = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied, TargetId: Id(key.Key.Id))));
        Assert.Equal(AuditOutcome.Denied, denial.Outcome);
        Assert.Equal("revoked", denial.Details!["reason"]);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyRevoked, TargetId: Id(key.Key.Id))));
    }

    [Fact]
    public async Task RevokedKey_UsedAgainAndAgain_IsRefusedEveryTime_ButAuditedOncePerInterval()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var key = await workspace.CreateKeyAsync([Permissions.DataRead]);
        using var admin = workspace.FullKeyClient();
        await ReadJsonAsync(await admin.DeleteAsync($"/v1/keys/{key.Key.Id}"));
        using var client = workspace.Server.ServerKeyClient(key.Secret);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await client.GetAsync("/v1/data-classes/")).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        var denial = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied, TargetId: Id(key.Key.Id))));
        Assert.Equal("0", denial.Details!["refused_since_last_entry"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ExpiredServerKey_IsRefused_AndTheRefusalIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var created = await ReadJsonAsync(await admin.PostAsync("/v1/keys/", Json(new { name = "short-lived", scopes = new[] { Permissions.DataRead }, expires_at = TimeProvider.System.GetUtcNow().AddHours(1) })), HttpStatusCode.Created);
        var id = (long)created["key"]!["id"]!;
        using var client = workspace.Server.ServerKeyClient((string)created["secret"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/data-classes/")).StatusCode);

        // The server's clock is the system clock: move the expiry into the past instead of waiting for it.
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds();
        Assert.Equal(1, await workspace.ExecuteSqlAsync("UPDATE api_keys SET expires_at = {0} WHERE id = {1}", past, id));
        var refused = await client.GetAsync("/v1/data-classes/");

        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        var denial = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied, TargetId: Id(id))));
        Assert.Equal("expired", denial.Details!["reason"]);
        var listed = (await ReadJsonAsync(await admin.GetAsync("/v1/keys/")))["keys"]!.AsArray().Single(k => (long)k!["id"]! == id)!;
        Assert.Equal("expired", (string?)listed["state"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WriteKeyRotation_KeepsTheOldAndTheNewKeyWorkingDuringTheOverlap(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();

        var rotated = await ReadJsonAsync(await admin.PostAsync("/v1/keys/write/rotate", Json(new { overlap_hours = 24 })), HttpStatusCode.Created);
        var newKey = (string)rotated["secret"]!;

        Assert.StartsWith("wk_", newKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await TrackAsync(workspace, workspace.Created.WriteKey));
        Assert.Equal(HttpStatusCode.OK, await TrackAsync(workspace, newKey));
        var keys = (await ReadJsonAsync(await admin.GetAsync("/v1/keys/")))["keys"]!.AsArray();
        Assert.Contains(keys, k => (string?)k!["kind"] == "write" && (string?)k["state"] == "retiring");
        Assert.Contains(keys, k => (string?)k!["kind"] == "write" && (string?)k["state"] == "active");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WriteKeyRotation_WithoutOverlap_StopsTheOldKeyAtOnce(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        Assert.Equal(HttpStatusCode.OK, await TrackAsync(workspace, workspace.Created.WriteKey));
        using var admin = workspace.FullKeyClient();

        var rotated = await ReadJsonAsync(await admin.PostAsync("/v1/keys/write/rotate", Json(new { overlap_hours = 0 })), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Unauthorized, await TrackAsync(workspace, workspace.Created.WriteKey));
        Assert.Equal(HttpStatusCode.OK, await TrackAsync(workspace, (string)rotated["secret"]!));
        var denial = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.KeyUseDenied)));
        Assert.Equal(AuditActorKind.WriteKey, denial.Actor.Kind);
        Assert.Equal("expired", denial.Details!["reason"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ServerKeyUse_SetsLastUsedAt(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var key = await workspace.CreateKeyAsync([Permissions.DataRead]);
        using var admin = workspace.FullKeyClient();
        var before = await KeyAsync(admin, key.Key.Id);

        using var client = workspace.Server.ServerKeyClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/data-classes/")).StatusCode);
        var after = await KeyAsync(admin, key.Key.Id);

        Assert.Null(before["last_used_at"]);
        Assert.NotNull(after["last_used_at"]);
        Assert.True(after["last_used_at"]!.GetValue<DateTimeOffset>() >= after["created_at"]!.GetValue<DateTimeOffset>());
    }

    private static async Task<HttpStatusCode> TrackAsync(TestWorkspace workspace, string writeKey)
    {
        using var client = workspace.Server.WriteKeyClient(writeKey);
        using var response = await client.PostAsync("/v1/track", Json(new { userId = "u-1", @event = "Key Checked" }));
        return response.StatusCode;
    }

    private static async Task<JsonObject> KeyAsync(HttpClient admin, long id) =>
        (await ReadJsonAsync(await admin.GetAsync("/v1/keys/")))["keys"]!.AsArray().Single(k => (long)k!["id"]! == id)!.AsObject();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
