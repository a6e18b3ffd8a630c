using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Waymark.TestSupport;

namespace Waymark.Analytics.Tests.Support;

/// <summary>A workspace seen through the API, with the calls the analytics tests make.</summary>
public sealed class AnalyticsWorkspace
{
    private AnalyticsWorkspace(AnchoredClock clock, WorkspaceClient client)
    {
        Clock = clock;
        Client = client;
    }

    public AnchoredClock Clock { get; }

    public WorkspaceClient Client { get; }

    /// <summary>The workspace's first server key, which holds every permission.</summary>
    public HttpClient Full => Client.Full;

    public static async Task<AnalyticsWorkspace> CreateAsync(WaymarkTestServer server, AnchoredClock clock) =>
        new(clock, await WorkspaceClient.CreateAsync(server));

    /// <summary>Classifies the dataset's keys, then sends its calls through <c>/v1/batch</c> with the write key.</summary>
    public async Task SeedAsync(Dataset data)
    {
        await Client.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["tier"] = "public", ["email"] = "personal", ["diagnosis"] = "phi" } });
        foreach (var batch in data.Calls().Chunk(400))
        {
            var response = await Client.Write.PostAsync("/v1/batch", ApiAnswers.Json(new { batch }));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    public async Task<JsonObject> GetAsync(string path) => await ApiAnswers.ReadJsonAsync(await Full.GetAsync(path));

    public async Task<string> GetCsvAsync(string path)
    {
        var response = await Full.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Deletes a user through the API and waits for the purge job to finish.</summary>
    public async Task DeleteUserAsync(string userId)
    {
        var accepted = await ApiAnswers.ReadJsonAsync(await Full.DeleteAsync("/v1/users/" + Uri.EscapeDataString(userId)), HttpStatusCode.Accepted);
        var jobId = (string)accepted["job_id"]!;
        for (var i = 0; i < 400; i++)
        {
            var job = await GetAsync("/v1/background_jobs/" + jobId);
            if ((string?)job["status"] is "completed" or "failed")
            {
                Assert.Equal("completed", (string?)job["status"]);
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The deletion job did not finish.");
    }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
