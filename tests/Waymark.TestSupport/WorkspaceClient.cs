using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Storage;
using Xunit;

namespace Waymark.TestSupport;

/// <summary>One workspace seen through the API: its write key, its full server key, and keys made with a narrower scope.</summary>
public sealed class WorkspaceClient(WaymarkTestServer server, string writeKey, string serverKey)
{
    public HttpClient Write { get; } = server.WriteKeyClient(writeKey);

    /// <summary>The workspace's first server key, which holds every permission, phi:read included.</summary>
    public HttpClient Full { get; } = server.ServerKeyClient(serverKey);

    /// <summary>The workspace's internal id, for counting its rows in the database behind the API.</summary>
    public long InternalId { get; init; }

    public static async Task<WorkspaceClient> CreateAsync(WaymarkTestServer server)
    {
        var workspace = await server.CreateWorkspaceAsync();
        return new WorkspaceClient(server, workspace.WriteKey, workspace.ServerKey) { InternalId = workspace.InternalId };
    }

    /// <summary>A client whose key holds only <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(params string[] scopes)
    {
        var created = await Full.PostAsync("/v1/keys", Json(new { name = "narrow", scopes }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;
        return server.ServerKeyClient(secret);
    }

    public async Task ClassifyAsync(object body) =>
        Assert.Equal(HttpStatusCode.OK, (await Full.PutAsync("/v1/data-classes", Json(body))).StatusCode);

    public async Task SendAsync(string path, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await Write.PostAsync(path, Json(body))).StatusCode);

    /// <summary>This workspace's audit entries with <paramref name="action"/>, newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> AuditAsync(string action)
    {
        var page = await Full.GetFromJsonAsync<JsonObject>("/v1/audit?limit=500&action=" + Uri.EscapeDataString(action));
        return page!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    /// <summary>Rows of <paramref name="table"/> that belong to this workspace, counted in the database itself.</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE workspace_id = @w";
        command.AddParameter("@w", InternalId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
