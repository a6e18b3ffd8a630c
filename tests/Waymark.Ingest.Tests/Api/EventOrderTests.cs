using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Reading;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Api;

/// <summary>A user's events read in both orders the product uses: oldest first (the API), newest first (the dashboard).</summary>
public sealed class EventOrderTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task ReadEvents_NewestFirst_PagesBackwardsThroughEveryEventOnce()
    {
        var server = fixture.Server;
        var created = await server.CreateWorkspaceAsync();
        var api = new WorkspaceClient(server, created.WriteKey, created.ServerKey);
        await api.SendAsync("/v1/batch", new { batch = Enumerable.Range(0, 7).Select(i => new { type = "track", userId = "u-order", @event = "Step " + i }).ToArray() });
        var reader = server.Services.GetRequiredService<SubjectReader>();
        var workspace = await server.Services.GetRequiredService<KeyRing>().GetWorkspaceAsync(created.InternalId);

        var names = new List<string?>();
        long after = 0;
        while (true)
        {
            var page = (await reader.ReadEventsAsync(workspace, "u-order", 3, after, includePhi: false, CancellationToken.None, newestFirst: true))!;
            names.AddRange(page.Events.Select(e => e.Event));
            if (page.NextCursor is null || !PageCursor.TryDecode(page.NextCursor, out var next))
            {
                break;
            }

            after = next!.Value;
        }

        var oldestFirst = (await reader.ReadEventsAsync(workspace, "u-order", 10, 0, includePhi: false, CancellationToken.None))!.Events.Select(e => e.Event);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => "Step " + i), names);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "Step " + i), oldestFirst);
    }
}
