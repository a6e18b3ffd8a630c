using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Api;
using Waymark.StaffAccess.Tests.Support;

namespace Waymark.StaffAccess.Tests.Tickets;

/// <summary><c>/v1/support-tickets</c> with server keys: listing for workspace:view, transitions for support:approve, problems for the rest.</summary>
public abstract class TicketApiTests(StaffAccessFixture fixture)
{
    [Fact]
    public async Task Transitions_ThatAreNotAllowed_Are409Problems_AndChangeNothing()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView);

        var endRequested = await scene.DecideAsync(ticket, "end");
        await scene.ApproveAsync(ticket);
        var approveAgain = await scene.DecideAsync(ticket, "approve");
        var denyApproved = await scene.DecideAsync(ticket, "deny");
        Assert.Equal(HttpStatusCode.OK, (await scene.DecideAsync(ticket, "end")).StatusCode);
        var endAgain = await scene.DecideAsync(ticket, "end");

        await AssertProblemAsync(endRequested, HttpStatusCode.Conflict, "ticket-not-active");
        await AssertProblemAsync(approveAgain, HttpStatusCode.Conflict, "ticket-already-decided");
        await AssertProblemAsync(denyApproved, HttpStatusCode.Conflict, "ticket-already-decided");
        await AssertProblemAsync(endAgain, HttpStatusCode.Conflict, "ticket-not-active");
        var after = await scene.TicketAsync(ticket);
        Assert.Equal("ended", (string?)after["status"]);
        Assert.Equal("revoked", (string?)after["end_reason"]);
        Assert.Equal("server-key", (string?)after["decision"]!["actor_kind"]);
        Assert.Single(await scene.AuditAsync("support.ticket-approved"));
        Assert.Single(await scene.AuditAsync("support.ticket-ended"));
        Assert.Empty(await scene.AuditAsync("support.ticket-denied"));
    }

    [Fact]
    public async Task BadInput_Is400_AndAnUnknownTicket404()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);

        await AssertProblemAsync(await scene.Full.GetAsync("/v1/support-tickets/abc"), HttpStatusCode.BadRequest, "invalid-ticket-id");
        await AssertProblemAsync(await scene.DecideAsync(0, "approve"), HttpStatusCode.BadRequest, "invalid-ticket-id");
        await AssertProblemAsync(await scene.Full.GetAsync("/v1/support-tickets?status=open"), HttpStatusCode.BadRequest, "invalid-status");
        await AssertProblemAsync(await scene.DecideAsync(987654321, "approve"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await scene.Full.GetAsync("/v1/support-tickets/987654321"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Listing_NeedsWorkspaceView_AndDecidingNeedsSupportApprove()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView, Permissions.AuditRead);
        using var viewer = await KeyClientAsync(scene, Permissions.WorkspaceView);
        using var writer = await KeyClientAsync(scene, Permissions.EventsWrite);

        var listed = await viewer.GetFromJsonAsync<JsonObject>("/v1/support-tickets?status=requested");
        var refusedApproval = await scene.DecideAsync(ticket, "approve", viewer);
        var refusedList = await writer.GetAsync("/v1/support-tickets");

        var only = Assert.Single(listed!["tickets"]!.AsArray());
        Assert.Equal(ticket, (long)only!["id"]!);
        Assert.Equal("Customer ticket 4711: their import fails", (string?)only["reason"]);
        Assert.Equal(["workspace:view", "audit:read"], only["scope"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(60, (int)only["duration_minutes"]!);
        Assert.Equal(HttpStatusCode.Forbidden, refusedApproval.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedList.StatusCode);
        Assert.Equal("requested", (string?)(await scene.TicketAsync(ticket))["status"]);
    }

    [Fact]
    public async Task AnotherWorkspacesTicket_IsNotFound()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        using var other = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await other.OpenAsync(Permissions.WorkspaceView);

        await AssertProblemAsync(await scene.DecideAsync(ticket, "approve"), HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await scene.TicketsAsync());
        Assert.Equal("requested", (string?)(await other.TicketAsync(ticket))["status"]);
    }

    private static async Task<HttpClient> KeyClientAsync(StaffAccessScene scene, params string[] scopes)
    {
        var created = await scene.Full.PostAsJsonAsync("/v1/keys", new { name = "narrow", scopes });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return scene.Server.ServerKeyClient((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.EndsWith("/" + type, (string)problem["type"]!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "A problem says what to do next.");
    }
}

public sealed class SqliteTicketApiTests(SqliteStaffAccessFixture fixture) : TicketApiTests(fixture), IClassFixture<SqliteStaffAccessFixture>;

public sealed class PostgresTicketApiTests(PostgresStaffAccessFixture fixture) : TicketApiTests(fixture), IClassFixture<PostgresStaffAccessFixture>;
