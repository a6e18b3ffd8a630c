using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>The flow pages without a browser: authoring through the editor's posts, refusals, publishing and the list.</summary>
[Collection(DashboardCollection.Name)]
public sealed class FlowPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    private string Editor => $"/w/{fixture.Ws}/experiences/flows/edit";

    [Fact]
    public async Task ThreeStepFlow_BuiltWithAddStep_IsSavedPublishedToProductionAndLiveInTheList()
    {
        using var client = await SignedInAsync();

        var one = await PressAsync(client, Editor, WelcomeTour("Welcome tour", 1), "add-step");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.True(one.Shows("Step 2"));
        Assert.False(one.Shows("Step 3"));
        Assert.True(one.Shows("value=\"Welcome tour\""), "the entered name is kept");
        var two = await PressAsync(client, Editor, WelcomeTour("Welcome tour", 2), "add-step");
        Assert.True(two.Shows("Step 3"));
        Assert.True(two.Shows("value=\"#new-project\""), "the second step's target is kept");

        var id = await SaveAsync(client, Editor, WelcomeTour("Welcome tour", 3));
        var edit = await client.GetAsync($"{Editor}/{id}");
        Assert.True(edit.Shows("Version 1 is the draft"), edit.Html);
        Assert.Contains("id=\"draft-version\">version 1<", edit.Html, StringComparison.Ordinal);
        Assert.True(edit.Shows("value=\"2026-12-01T09:30\""), "the start time reads back as typed, in UTC");

        await PublishAsync(client, fixture.Ws, id, "production");

        var row = Row(await client.GetAsync($"/w/{fixture.Ws}/experiences/flows"), id);
        Assert.Contains("Welcome tour", row, StringComparison.Ordinal);
        Assert.Contains("state-live", row, StringComparison.Ordinal);
        using var api = TeamSetup.ApiClient(fixture.Server, fixture.ServerKey);
        var flow = await api.GetFromJsonAsync<JsonObject>(new Uri($"v1/flows/{id}", UriKind.Relative));
        Assert.Equal(1, (int)flow!["content"]!["production_version"]!);
        var steps = flow["definition"]!["steps"]!.AsArray();
        Assert.Equal(["modal", "tooltip", "banner"], steps.Select(s => (string)s!["type"]!));
        Assert.Equal("#new-project", (string)steps[1]!["target"]!);
        Assert.Equal("click", (string)steps[1]!["advance"]!["on"]!);
        Assert.Equal("https://example.com/reports", (string)steps[2]!["buttons"]![0]!["url"]!);
        Assert.DoesNotContain("script", (string)steps[0]!["body"]!, StringComparison.Ordinal);
        Assert.Equal("until_completed", (string)flow["definition"]!["targeting"]!["frequency"]!["type"]!);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), (DateTimeOffset)flow["definition"]!["targeting"]!["starts_at"]!);
    }

    [Fact]
    public async Task EditingAPublishedFlow_StartsADraftVersion_AndLeavesProductionOnTheOldOne()
    {
        using var client = await SignedInAsync();
        var id = await SaveAsync(client, Editor, WelcomeTour("Release notes", 1));
        await PublishAsync(client, fixture.Ws, id, "production");

        var resaved = await PressAsync(client, $"{Editor}/{id}", WelcomeTour("Release notes, shorter", 1), "save");
        Assert.Equal(HttpStatusCode.Redirect, resaved.Status);

        var versions = await client.GetAsync($"/w/{fixture.Ws}/experiences/{id}/versions");
        Assert.Contains("id=\"draft-version\">version 2<", versions.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"production-version\">version 1 live<", versions.Html, StringComparison.Ordinal);
        Assert.True(versions.Shows("Publish version 2 to production"));
        var old = await client.GetAsync($"/w/{fixture.Ws}/experiences/{id}/versions?version=1");
        Assert.True(old.Shows("Version 1 (read-only)"));
        Assert.True(old.Shows("\"name\": \"Release notes\""), old.Html);
    }

    [Fact]
    public async Task StagingVersion_IsPromotedToProduction()
    {
        using var client = await SignedInAsync();
        var id = await SaveAsync(client, Editor, WelcomeTour("Promoted tour", 1));
        await PublishAsync(client, fixture.Ws, id, "staging");
        var versions = $"/w/{fixture.Ws}/experiences/{id}/versions";
        Assert.True((await client.GetAsync(versions)).Shows("Promote version 1 to production"));

        var promoted = await client.PostFormAsync(versions, [Field("version", "1")], versions + "?handler=promote");

        Assert.Equal(HttpStatusCode.Redirect, promoted.Status);
        var after = await client.GetAsync(versions);
        Assert.Contains("id=\"production-version\">version 1 live<", after.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"staging-version\">version 1 live<", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_WithATooltipWithoutTarget_ShowsTheRefusalKeepsTheFormAndSavesNothing()
    {
        using var client = await SignedInAsync();
        var fields = new List<KeyValuePair<string, string>> { Field("Form.Name", "Broken tour") };
        fields.AddRange(Step(0, "tooltip", "Nowhere to point"));
        fields.AddRange(Targeting());

        var refused = await PressAsync(client, Editor, fields, "save");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("steps[0].target must be a CSS selector"), refused.Html);
        Assert.True(refused.Shows("value=\"Nowhere to point\""));
        Assert.False((await client.GetAsync($"/w/{fixture.Ws}/experiences/flows")).Shows("Broken tour"));
    }

    [Fact]
    public async Task StructuralButtons_MoveAndRemoveStepsAndButtons_KeepingWhatWasTyped()
    {
        using var client = await SignedInAsync();

        var moved = await PressAsync(client, Editor, WelcomeTour("Reordered", 3), "down:0");
        Assert.True(moved.Html.IndexOf("value=\"Create a project\"", StringComparison.Ordinal) < moved.Html.IndexOf("value=\"Welcome\"", StringComparison.Ordinal));

        var removed = await PressAsync(client, Editor, WelcomeTour("Reordered", 3), "remove-step:1");
        Assert.False(removed.Shows("Create a project"));
        Assert.True(removed.Shows("value=\"New: reports\""));

        var withButton = await PressAsync(client, Editor, WelcomeTour("Reordered", 1), "add-button:0");
        Assert.True(withButton.Shows("Button 2 label"));
        var withoutButton = await PressAsync(client, Editor, WelcomeTour("Reordered", 1), "remove-button:0:0");
        Assert.False(withoutButton.Shows("value=\"Start\""));
        Assert.True(withoutButton.Shows("value=\"Welcome\""));
    }

    private async Task<DashboardClient> SignedInAsync()
    {
        var client = new DashboardClient(fixture.Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        return client;
    }
}
