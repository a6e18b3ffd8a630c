using System.Globalization;
using System.Net;
using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Accounts.Tests.Keys;

/// <summary><c>waymark keys</c>, run as the real binary against the data directory of a running <c>waymark serve</c>.</summary>
public sealed class KeyCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-keys-cli-").FullName;

    [Fact]
    public async Task KeysCreateListRevoke_CreatesAScopedKeyShownOnce_ListsOnlyItsPrefix_AndRevokesItForTheNextRequest()
    {
        var workspace = JsonDocument.Parse(await Cli("workspace", "create", "Keys", "--json")).RootElement.GetProperty("workspaceId").GetString()!;

        var created = JsonDocument.Parse(await Cli("keys", "create", "--workspace", workspace, "--name", "reporting", "--scope", "data:read", "--scope", "audit:read", "--json")).RootElement;
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var table = await Cli("keys", "list", "--workspace", workspace);
        var json = JsonDocument.Parse(await Cli("keys", "list", "--workspace", workspace, "--json")).RootElement;

        Assert.StartsWith("sk_", secret, StringComparison.Ordinal);
        Assert.Equal(["audit:read", "data:read"], created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal).ToArray());
        var listed = json.EnumerateArray().Single(k => k.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture) == id);
        Assert.Equal("active", listed.GetProperty("state").GetString());
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, secret, StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("prefix").GetString()!, table, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, table, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, json.GetRawText(), StringComparison.Ordinal);

        await using var server = await WaymarkProcess.StartAsync(_data);
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/audit")).StatusCode);

        var revoked = await Cli("keys", "revoke", "--workspace", workspace, id);

        Assert.Contains("revoked", revoked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/audit")).StatusCode);
        var after = JsonDocument.Parse(await Cli("keys", "list", "--workspace", workspace, "--json")).RootElement;
        Assert.Equal("revoked", after.EnumerateArray().Single(k => k.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture) == id).GetProperty("state").GetString());
    }

    [Fact]
    public async Task KeysCreate_WithAnUnknownPermission_FailsAndCreatesNothing()
    {
        var workspace = JsonDocument.Parse(await Cli("workspace", "create", "Keys", "--json")).RootElement.GetProperty("workspaceId").GetString()!;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Cli("keys", "create", "--workspace", workspace, "--name", "bad", "--scope", "everything"));

        Assert.Contains("data:read", refused.Message, StringComparison.Ordinal);
        var keys = JsonDocument.Parse(await Cli("keys", "list", "--workspace", workspace, "--json")).RootElement;
        Assert.DoesNotContain(keys.EnumerateArray(), k => k.GetProperty("name").GetString() == "bad");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<string> Cli(params string[] args) => WaymarkProcess.RunCliAsync([.. args, "--data", _data]);
}
