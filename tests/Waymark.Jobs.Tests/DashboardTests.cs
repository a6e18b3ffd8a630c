using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Setup;
using Waymark.Jobs.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Jobs.Tests;

/// <summary>The dashboard's background jobs page, read by a signed-in owner.</summary>
public sealed class DashboardTests
{
    private const string Email = "owner@example.test";
    private const string Password = "copper-meadow-lantern-84";

    [Fact]
    public async Task JobsPage_ListsTheWorkspacesJobs_WithStatusProgressAndErrors()
    {
        await using var server = await JobServer.StartAsync("sqlite");
        var setup = server.Services.GetRequiredService<InstanceSetup>();
        var token = await setup.IssueTokenAsync();
        var completed = await setup.CompleteAsync(token, Email, Password, "Jobs workspace", null, null);
        Assert.True(completed.Succeeded);
        var workspace = completed.Value.Workspace;
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);
        var jobId = await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Bad, RowsHandler.Ok);
        await JobServer.WaitForAsync(client, jobId, JobServer.Finished);
        using var dashboard = new DashboardClient(server.Server.BaseAddress);
        await dashboard.SignInAsync(Email, Password);

        var page = await dashboard.GetAsync($"/w/{workspace.WorkspaceId}/jobs");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Shows(jobId), page.Html);
        Assert.True(page.Shows("partially completed"));
        Assert.True(page.Shows("3 of 3 rows, 1 failed"));
        Assert.True(page.Shows("Row 1: Row rejected by the test handler."));
        Assert.Contains("<progress", page.Html, StringComparison.Ordinal);
        Assert.True(page.Shows("Background jobs"));
    }
}
