using System.Net;
using System.Text;
using System.Text.Json;
using Waymark.Hosting;
using Waymark.TestSupport;

namespace Waymark.Tests.Cli;

/// <summary>
/// <c>waymark subjects delete|unsuppress</c>, run as the real binary beside a server without a worker: the command
/// shreds at once, runs the purge itself while showing it, and the server drops later events until unsuppressed.
/// </summary>
public sealed class SubjectCliTests
{
    [Fact]
    public async Task Delete_FromTheCommandLine_PurgesWithProgress_ThenUnsuppressReportsTheDroppedEvents()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite", role: Role.App | Role.Ingest);
        var workspace = await server.CreateWorkspaceAsync();
        using var write = server.WriteKeyClient(workspace.WriteKey);
        using var read = server.ServerKeyClient(workspace.ServerKey);
        await SendAsync(write, new { userId = "u-cli", @event = "Opened" });
        var ids = Path.Combine(server.DataDirectory, "ids.txt");
        await File.WriteAllTextAsync(ids, "u-cli\n\n   \n");

        var deleted = await WaymarkProcess.RunCliAsync("subjects", "delete", "--ids-file", ids, "--workspace", workspace.WorkspaceId, "--data", server.DataDirectory);

        Assert.Contains("Deleted the data keys of 1 subject(s)", deleted, StringComparison.Ordinal);
        Assert.Contains("Purge completed: 1 of 1 row(s) purged", deleted, StringComparison.Ordinal);
        Assert.DoesNotContain("u-cli", deleted, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-cli")).StatusCode);

        await SendAsync(write, new { userId = "u-cli", @event = "Opened Again" });
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-cli")).StatusCode);
        var lifted = await WaymarkProcess.RunCliAsync("subjects", "unsuppress", "u-cli", "--workspace", workspace.WorkspaceId, "--data", server.DataDirectory);
        Assert.Contains("1 event(s) were dropped", lifted, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("subjects", "unsuppress", "u-cli", "--workspace", workspace.WorkspaceId, "--data", server.DataDirectory));
        Assert.Contains("not suppressed", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithMoreThan5000Ids_IsRefusedAndDeletesNothing()
    {
        var data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;
        try
        {
            var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Big", "--json", "--data", data)).RootElement.GetProperty("workspaceId").GetString()!;
            var file = Path.Combine(data, "ids.txt");
            await File.WriteAllLinesAsync(file, Enumerable.Range(0, 5_001).Select(i => "u" + i));

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("subjects", "delete", "--ids-file", file, "--workspace", id, "--data", data));

            Assert.Contains("give 1 to 5000 ids", refused.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was deleted", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task SendAsync(HttpClient client, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/track", content)).StatusCode);
    }
}
