using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Storage;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Deletion;

/// <summary>What the deletion tests do through the API, and what they look up in the database behind it.</summary>
internal static class DeletionApi
{
    public static async Task<JsonObject> DeleteAsync(HttpClient client, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path) { Content = body is null ? null : Json(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Rows of <paramref name="table"/> in the workspace (by its internal id), counted in the database itself.</summary>
    public static async Task<long> CountAsync(WaymarkTestServer server, string table, long workspaceId)
    {
        var database = server.Services.GetRequiredService<WaymarkDatabase>();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE workspace_id = @w";
        command.AddParameter("@w", workspaceId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(WaymarkTestServer server, string sql, params (string Name, object Value)[] parameters)
    {
        var database = server.Services.GetRequiredService<WaymarkDatabase>();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
