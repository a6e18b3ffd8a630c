using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Storage;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Privacy;

/// <summary>Reads of personal data through the server API: PHI only with phi:read (masked otherwise), and every read audited under a pseudonym.</summary>
public sealed class PersonalDataReadTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PhiTraits_AreMaskedWithoutPhiRead_AndEveryReadIsAuditedUnderAKeyedHash(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var userId = "user-canary-" + Guid.NewGuid().ToString("N");
        using var full = workspace.FullKeyClient();
        Assert.Equal(HttpStatusCode.OK, (await full.PutAsync("/v1/data-classes", Json(new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi" } }))).StatusCode);
        using var write = workspace.Server.WriteKeyClient(workspace.Created.WriteKey);
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/identify", Json(new { userId, traits = new { diagnosis = "J45", email = "p@example.test" } }))).StatusCode);
        using var reader = await workspace.KeyClientAsync(Permissions.DataRead);

        var withheld = (await ReadJsonAsync(await reader.GetAsync($"/v1/users/{userId}")))["traits"]!.AsObject();
        var included = (await ReadJsonAsync(await full.GetAsync($"/v1/users/{userId}")))["traits"]!.AsObject();

        Assert.Equal("p@example.test", (string?)withheld["email"]);
        Assert.True(withheld.ContainsKey("diagnosis"));
        Assert.Null(withheld["diagnosis"]);
        Assert.Equal("J45", (string?)included["diagnosis"]);
        var reads = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.PersonalDataRead, TargetType: "user"));
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Matches("^[0-9a-f]{32}$", r.TargetId!));
        Assert.Single(reads.Select(r => r.TargetId).Distinct());
        Assert.Equal(["included", "withheld"], reads.Select(r => r.Details!["phi"]).Order(StringComparer.Ordinal));
        var export = await (await full.GetAsync("/v1/audit/export?format=csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(userId, export, StringComparison.Ordinal);
        Assert.DoesNotContain("p@example.test", export, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task DataProtectionKeyRing_IsStoredInTheDatabase_EncryptedUnderTheMasterKey(string provider)
    {
        var server = await servers.ServerAsync(provider);
        using (var client = server.Client())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);
        }

        var keys = new List<string>();
        await using (var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT xml FROM data_protection_keys";
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                keys.Add(rows.GetString(0));
            }
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }
}
