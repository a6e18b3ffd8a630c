using System.Net;
using System.Text;
using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Queue;

public sealed class BackpressureTests
{
    [Fact]
    public async Task Batch_LargerThanTheFreeQueue_Gets503WithRetryAfterAndIsNotStored()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite", new Dictionary<string, string?> { ["Waymark:Ingest:QueueCapacity"] = "3" });
        var workspace = await server.CreateWorkspaceAsync();
        var batch = Enumerable.Range(0, 4).Select(i => new { type = "track", userId = "u-queue", @event = "E" }).ToArray();

        var response = await server.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/batch", new StringContent(JsonSerializer.Serialize(new { batch }), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/users/u-queue")).StatusCode);
        var small = await server.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/track", new StringContent("{\"userId\":\"u-queue\",\"event\":\"E\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }
}
