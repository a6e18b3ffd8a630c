using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Waymark.TestSupport.ApiAnswers;

namespace Waymark.Backups.Tests.Support;

/// <summary>One workspace seen through the public API of a server (in-process or a real process): identify, track, delete, read.</summary>
internal sealed class WorkspaceApi : IDisposable
{
    private readonly HttpClient _write;
    private readonly HttpClient _server;

    public WorkspaceApi(Uri baseAddress, string writeKey, string serverKey)
    {
        _write = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress };
        _write.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        _server = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress };
        _server.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + serverKey);
    }

    public static string EmailOf(string userId) => userId + "@example.test";

    /// <summary>Identifies <paramref name="userId"/> with a personal trait (sealed with the user's data key) and tracks one event.</summary>
    public async Task IdentifyAsync(string userId)
    {
        await SendAsync("/v1/identify", new { userId, traits = new { email = EmailOf(userId), plan = "team" } });
        await SendAsync("/v1/track", new { userId, @event = "Opened Report", properties = new { report = "weekly" } });
    }

    public async Task SendAsync(string path, object body)
    {
        using var response = await _write.PostAsync(path, Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Tracks an event; true when the server acknowledged it (stored).</summary>
    public async Task<bool> TryTrackAsync(string userId, string messageId, CancellationToken cancellationToken)
    {
        using var response = await _write.PostAsync("/v1/track", Json(new { userId, messageId, @event = "Kept Writing" }), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Deletes the user through <c>DELETE /v1/users/{id}</c> and waits for the deletion job to complete.</summary>
    public async Task DeleteUserAsync(string userId)
    {
        using var response = await _server.DeleteAsync("/v1/users/" + Uri.EscapeDataString(userId));
        var accepted = await ReadJsonAsync(response, HttpStatusCode.Accepted);
        var jobId = (string)accepted["job_id"]!;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var job = (await _server.GetFromJsonAsync<JsonObject>($"/v1/background_jobs/{jobId}", guard.Token))!;
            if ((string?)job["status"] is "completed" or "partially_completed" or "failed")
            {
                Assert.Equal("completed", (string?)job["status"]);
                return;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    /// <summary><c>GET /v1/users/{id}</c>: the user, or null when the server answers 404.</summary>
    public async Task<JsonObject?> FindUserAsync(string userId)
    {
        using var response = await _server.GetAsync("/v1/users/" + Uri.EscapeDataString(userId));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync(response);
    }

    /// <summary>The status of <c>GET /v1/users/{id}/export</c>: a person's data as CSV, or 404 for one who is not there.</summary>
    public async Task<HttpStatusCode> ExportStatusAsync(string userId)
    {
        using var response = await _server.GetAsync("/v1/users/" + Uri.EscapeDataString(userId) + "/export");
        return response.StatusCode;
    }

    public void Dispose()
    {
        _write.Dispose();
        _server.Dispose();
    }
}
