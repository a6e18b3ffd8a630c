using System.Net;
using System.Text.Json.Nodes;
using Waymark.Backups.Tests.Scheduling;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Dashboard;

/// <summary>The backups page and <c>/instance/backups</c>: for the people who run the installation, and no one else.</summary>
public sealed class BackupPageTests
{
    [Fact]
    public async Task InstanceOwner_BacksUpFromThePage_AndSeesTheRunLocationsAndNextRun_InThePageAndTheApi()
    {
        await using var server = await ScheduledServer.StartAsync("sqlite");
        using var owner = await server.SignInAsync(instanceOwner: true);

        var empty = await owner.GetAsync("/operator/backups");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("id=\"back-up-now\"", empty.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-runs\"", empty.Html, StringComparison.Ordinal);
        Assert.True(empty.Shows("directory " + server.LocationPath));

        var queued = await owner.PostFormAsync("/operator/backups", [], "/operator/backups?handler=BackUp");
        Assert.Equal(HttpStatusCode.Redirect, queued.Status);
        var waiting = await owner.GetAsync("/operator/backups");
        Assert.True(waiting.Shows("waiting for a worker"));
        Assert.Contains("class=\"state state-queued\"", waiting.Html, StringComparison.Ordinal);

        await server.Scheduler().RunOnceAsync(CancellationToken.None);

        var done = await owner.GetAsync("/operator/backups");
        var stored = Assert.Single(server.StoredBackups());
        Assert.True(done.Shows(stored));
        Assert.Contains("id=\"size-chart\"", done.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"state state-passed\"", done.Html, StringComparison.Ordinal);

        using var api = ScheduledServer.Api(owner);
        var status = await ApiAnswers.ReadJsonAsync(await api.GetAsync("/instance/backups"));
        Assert.True((bool)status["configured"]!);
        Assert.Equal("02:00", (string?)status["daily_at"]);
        Assert.NotNull(status["next_run"]);
        var location = status["locations"]!.AsArray().Single()!.AsObject();
        Assert.Equal("local", (string?)location["name"]);
        Assert.Equal(stored, (string?)location["last_backup_id"]);
        Assert.Equal("passed", (string?)location["last_check_outcome"]);
        var run = await ApiAnswers.ReadJsonAsync(await api.GetAsync("/instance/backups/" + stored));
        Assert.Equal("succeeded", (string?)run["state"]);
        Assert.Equal("stored", (string?)run["copies"]!.AsArray().Single()!["state"]);
    }

    [Fact]
    public async Task Api_QueuesABackup_RefusesASecondWhileOneWaits_AndAnswers404ForAnUnknownId()
    {
        await using var server = await ScheduledServer.StartAsync("sqlite", settings: new Dictionary<string, string?> { ["Waymark:Backups:Schedule"] = "false" });
        using var owner = await server.SignInAsync(instanceOwner: true);
        using var api = ScheduledServer.Api(owner);

        var accepted = await api.PostAsync("/instance/backups", null);
        var body = await ApiAnswers.ReadJsonAsync(accepted, HttpStatusCode.Accepted);
        Assert.Equal("queued", (string?)body["state"]);
        Assert.Equal("/instance/backups/" + (string?)body["backup_id"], accepted.Headers.Location?.OriginalString);
        await ApiAnswers.AssertProblemAsync(await api.PostAsync("/instance/backups", null), HttpStatusCode.Conflict, "backup-in-progress");
        await ApiAnswers.AssertProblemAsync(await api.GetAsync("/instance/backups/wmb_20300101T000000Z_000000"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task NotConfigured_PageSaysHowToSetUp_AndTheApiRefusesABackup()
    {
        await using var server = await ScheduledServer.StartAsync("sqlite", configured: false);
        using var owner = await server.SignInAsync(instanceOwner: true);

        var page = await owner.GetAsync("/operator/backups");
        Assert.Contains("id=\"not-configured\"", page.Html, StringComparison.Ordinal);
        Assert.True(page.Shows("waymark backup keygen"));
        using var api = ScheduledServer.Api(owner);
        await ApiAnswers.AssertProblemAsync(await api.PostAsync("/instance/backups", null), HttpStatusCode.Conflict, "backups-not-configured");
        Assert.False((bool)(await ApiAnswers.ReadJsonAsync(await api.GetAsync("/instance/backups")))["configured"]!);
    }

    [Fact]
    public async Task SomeoneWhoDoesNotRunTheInstallation_CannotSeeOrStartBackups()
    {
        await using var server = await ScheduledServer.StartAsync("sqlite");
        using var member = await server.SignInAsync(instanceOwner: false);
        using var api = ScheduledServer.Api(member);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/operator/backups")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/instance/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/instance/backups", null)).StatusCode);
        Assert.DoesNotContain("/operator/backups", (await member.GetAsync("/")).Html, StringComparison.Ordinal);
        using var anonymous = server.Server.Client();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/instance/backups")).StatusCode);
        Assert.Empty(server.StoredBackups());
    }
}
