using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Jobs.Tests.Support;

namespace Waymark.Jobs.Tests;

/// <summary><c>GET /v1/background_jobs</c>: Userpilot's field names, the caller's workspace only, paging.</summary>
public sealed class ApiTests
{
    private static readonly string[] UserpilotFields = ["job_id", "type", "status", "total_rows", "completed_rows", "start_time", "end_time", "elapsed_time", "errors"];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BackgroundJob_IsReadWithUserpilotsFieldNames(string provider)
    {
        await using var server = await JobServer.StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        var jobId = await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Bad);
        var job = await JobServer.WaitForAsync(client, jobId, JobServer.Finished);

        Assert.All(UserpilotFields, field => Assert.True(job.ContainsKey(field), $"'{field}' is missing from {job.ToJsonString()}"));
        Assert.Equal(jobId, (string?)job["job_id"]);
        Assert.Equal(RowsHandler.JobType, (string?)job["type"]);
        Assert.Equal(2, (long?)job["total_rows"]);
        Assert.IsType<double>(job["elapsed_time"]!.GetValue<double>());
        Assert.Equal(1, (long?)job["errors"]![0]!["row"]);
        Assert.NotNull((string?)job["errors"]![0]!["error"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AnotherWorkspacesJob_IsNotFound_AndNotListed(string provider)
    {
        await using var server = await JobServer.StartAsync(provider);
        var mine = await server.CreateWorkspaceAsync();
        var theirs = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(mine.ServerKey);
        var theirJob = await server.EnqueueRowsAsync(theirs, RowsHandler.Ok);

        using var response = await client.GetAsync($"/v1/background_jobs/{theirJob}");
        var list = await client.GetFromJsonAsync<JsonObject>("/v1/background_jobs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(list!["jobs"]!.AsArray());
    }

    [Fact]
    public async Task List_IsNewestFirst_InPagesLinkedByNextCursor()
    {
        await using var server = await JobServer.StartAsync("sqlite");
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);
        var jobs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add(await server.EnqueueRowsAsync(workspace, RowsHandler.Ok));
        }

        var first = await client.GetFromJsonAsync<JsonObject>("/v1/background_jobs?limit=3");
        var second = await client.GetFromJsonAsync<JsonObject>($"/v1/background_jobs?limit=3&cursor={(string?)first!["next_cursor"]}");

        var listed = first["jobs"]!.AsArray().Concat(second!["jobs"]!.AsArray()).Select(j => (string?)j!["job_id"]).ToList();
        Assert.Equal(Enumerable.Reverse(jobs), listed);
        Assert.Null(second["next_cursor"]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task List_WithABadParameter_IsRefusedWithAProblemNamingIt(string query, string parameter)
    {
        await using var server = await JobServer.StartAsync("sqlite");
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        using var response = await client.GetAsync($"/v1/background_jobs?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (string?)problem!["parameter"]);
    }
}
