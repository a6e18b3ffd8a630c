using System.Net;
using System.Text;
using Waymark.Hosting;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Api;

/// <summary>The ingest API runs apart from the product server: each role serves only its own routes.</summary>
public sealed class RoleSeparationTests
{
    [Fact]
    public async Task AppRole_DoesNotServeTheIngestApi()
    {
        await using var app = await WaymarkTestServer.StartAsync("sqlite", role: Role.App);
        var workspace = await app.CreateWorkspaceAsync();

        var response = await app.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/track", new StringContent("{\"userId\":\"u\",\"event\":\"E\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task IngestRole_ServesTheIngestApi_OverTheSameDatabaseTheOtherRolesUse()
    {
        await using var ingest = await WaymarkTestServer.StartAsync("sqlite", role: Role.Ingest);
        var workspace = await ingest.CreateWorkspaceAsync();

        var response = await ingest.WriteKeyClient(workspace.WriteKey).PostAsync("/v1/track", new StringContent("{\"userId\":\"u\",\"event\":\"E\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
