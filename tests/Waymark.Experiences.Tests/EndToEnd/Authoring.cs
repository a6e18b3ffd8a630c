using System.Net;
using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>What a product team does through the API before a user opens the app: classify, segment, publish.</summary>
internal static class Authoring
{
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(15);

    /// <summary>A new workspace, and its write key for the sample app's page (the SDK's first argument).</summary>
    public static async Task<(WorkspaceClient Api, string WriteKey)> NewWorkspaceAsync(WaymarkTestServer server)
    {
        var workspace = await server.CreateWorkspaceAsync();
        return (new WorkspaceClient(server, workspace.WriteKey, workspace.ServerKey) { InternalId = workspace.InternalId }, workspace.WriteKey);
    }

    /// <summary>Stores the user with a public plan trait, as the customer's backend would before the user signs in.</summary>
    public static async Task IdentifyAsync(WorkspaceClient api, string userId, string plan)
    {
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public" } });
        await api.SendAsync("/v1/identify", new { userId, traits = new { plan } });
    }

    public static async Task<string> CreateSegmentAsync(WorkspaceClient api, string name, string key, string value)
    {
        var body = new
        {
            name,
            conditions = new { match = "all", rules = new object[] { new { type = "user_trait", key, op = "equals", value } } },
        };
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/segments", Json(body)), HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    /// <summary>Creates and publishes to production; returns the content id.</summary>
    public static Task<string> PublishFlowAsync(WorkspaceClient api, object definition) => PublishAsync(api, "flows", definition);

    public static Task<string> PublishChecklistAsync(WorkspaceClient api, object definition) => PublishAsync(api, "checklists", definition);

    public static Task<string> PublishSurveyAsync(WorkspaceClient api, object definition) => PublishAsync(api, "surveys", definition);

    /// <summary>
    /// Polls a progress report until <paramref name="done"/> holds: the SDK's progress events arrive in batches, and the
    /// report is read from what was stored. Returns the report that satisfied it.
    /// </summary>
    public static async Task<JsonObject> WaitForProgressAsync(WorkspaceClient api, string path, Func<JsonObject, bool> done)
    {
        var deadline = Environment.TickCount64 + (long)ProgressWait.TotalMilliseconds;
        while (true)
        {
            var report = await GetJsonAsync(api.Full, path);
            if (done(report))
            {
                return report;
            }

            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"{path} never reached the expected state; last answer: {report.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> PublishAsync(WorkspaceClient api, string kind, object definition)
    {
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync($"/v1/{kind}", Json(definition)), HttpStatusCode.Created);
        var id = (string)created["content"]!["id"]!;
        await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync($"/v1/{kind}/{id}/publish", Json(new { environment = "production" })));
        return id;
    }
}
