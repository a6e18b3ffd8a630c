using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Privacy;

/// <summary>
/// Seeds canary values into every personal field an event can carry, then scans the raw database files
/// (SQLite file and WAL, or the PostgreSQL data directory) and the logs: no canary may appear anywhere.
/// </summary>
public sealed class EncryptionAtRestTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PersonalValues_NeverAppearInDatabaseFilesOrLogs(string provider)
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        var read = server.ServerKeyClient(workspace.ServerKey);
        Assert.Equal(HttpStatusCode.OK, (await read.PutAsync("/v1/data-classes", Json(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["diagnosis"] = "phi" } }))).StatusCode);
        var canaries = Enumerable.Range(0, 8).Select(i => $"CANARY{i}{Guid.NewGuid():N}").ToArray();
        var batch = new
        {
            batch = new object[]
            {
                new { type = "identify", userId = canaries[0], traits = new { email = canaries[1] + "@example.test", diagnosis = canaries[2], plan = "pro-plan-visible" } },
                new { type = "track", userId = canaries[0], @event = "Viewed Report", properties = new { note = canaries[3] }, context = new { ip = canaries[4] } },
                new { type = "group", userId = canaries[0], groupId = canaries[5], traits = new { name = canaries[6] } },
                new { type = "page", anonymousId = canaries[7], name = "Pricing" },
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await server.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/batch", Json(batch))).StatusCode);
        var user = await read.GetFromJsonAsync<JsonObject>("/v1/users/" + canaries[0]);
        Assert.Equal(canaries[2], (string?)user!["traits"]!["diagnosis"]);
        await read.GetAsync("/v1/users?trait=email&value=" + canaries[1] + "@example.test");
        await read.GetAsync("/v1/users/" + canaries[0] + "x");

        var files = provider == "postgres" ? await PostgresFilesAsync() : Directory.GetFiles(server.DataDirectory);
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal) || provider == "postgres");
        var scanned = ScanFor(files, "pro-plan-visible");
        Assert.True(scanned, "The public control value should be found in plaintext, or the scan reads nothing.");
        foreach (var canary in canaries)
        {
            Assert.False(ScanFor(files, canary), $"A personal value was found in plaintext in the {provider} files.");
            Assert.DoesNotContain(canary, server.Logs.AllText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ApiKeysAndTheMasterKey_NeverAppearInDatabaseFiles(string provider)
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/track", Json(new { userId = "u", @event = "E" }))).StatusCode);
        var masterKey = File.ReadAllText(Path.Combine(server.DataDirectory, "master.key")).Trim();

        var files = provider == "postgres" ? await PostgresFilesAsync() : Directory.GetFiles(server.DataDirectory).Where(f => !f.EndsWith("master.key", StringComparison.Ordinal)).ToArray();

        Assert.True(ScanFor(files, workspace.WorkspaceId), "The workspace id should be found, or the scan reads nothing.");
        Assert.False(ScanFor(files, workspace.WriteKey));
        Assert.False(ScanFor(files, workspace.ServerKey));
        Assert.False(ScanFor(files, masterKey));
        Assert.False(ScanBytes(files, Convert.FromBase64String(masterKey)));
    }

    private static async Task<string[]> PostgresFilesAsync()
    {
        await PostgresServer.Instance.CheckpointAsync();
        return Directory.GetFiles(PostgresServer.Instance.DataDirectory, "*", SearchOption.AllDirectories);
    }

    private static bool ScanFor(IEnumerable<string> files, string value) =>
        ScanBytes(files, Encoding.UTF8.GetBytes(value)) || ScanBytes(files, Encoding.Unicode.GetBytes(value));

    private static bool ScanBytes(IEnumerable<string> files, byte[] needle)
    {
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes = memory.ToArray();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (bytes.AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
