using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Storage;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Counting;

/// <summary>The writer keeps one count per user, event name and UTC day, in the same transaction as the events.</summary>
public abstract class EventCountTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Track_IsCountedPerUserNameAndDay_RetriesCountOnce_AndOtherCallsNotAtAll()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var day = new DateTimeOffset(2026, 11, 2, 23, 59, 0, TimeSpan.Zero);
        await api.SendAsync("/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "track", userId = "ada", @event = "Created project", timestamp = day, messageId = "m1" },
                new { type = "track", userId = "ada", @event = "Created project", timestamp = day.AddMinutes(-30), messageId = "m2" },
                new { type = "track", userId = "ada", @event = "Created project", timestamp = day.AddMinutes(2), messageId = "m3" },
                new { type = "track", userId = "bob", @event = "Created project", timestamp = day, messageId = "m4" },
                new { type = "page", userId = "ada", name = "Home", timestamp = day, messageId = "m5" },
                new { type = "identify", userId = "ada", traits = new { plan = "x" }, timestamp = day, messageId = "m6" },
            },
        });
        await api.SendAsync("/v1/track", new { userId = "ada", @event = "Created project", timestamp = day, messageId = "m1" });

        var rows = await RowsAsync(api.InternalId);
        Assert.Equal(
            [("Created project", 20759L, 1L, day.ToUnixTimeMilliseconds()), ("Created project", 20759L, 2L, day.ToUnixTimeMilliseconds()), ("Created project", 20760L, 1L, day.AddMinutes(2).ToUnixTimeMilliseconds())],
            rows);
    }

    private async Task<List<(string Name, long Day, long Count, long LastAt)>> RowsAsync(long workspaceId)
    {
        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, day, count, last_at FROM event_counts WHERE workspace_id = @w ORDER BY day, count";
        command.AddParameter("@w", workspaceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, long, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }
}

public sealed class SqliteEventCountTests(SqliteServerFixture fixture) : EventCountTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresEventCountTests(PostgresServerFixture fixture) : EventCountTests(fixture.Server), IClassFixture<PostgresServerFixture>;
