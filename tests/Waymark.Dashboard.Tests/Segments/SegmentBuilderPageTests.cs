using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;

namespace Waymark.Dashboard.Tests.Segments;

/// <summary>
/// The segment list and builder: rules added through form posts, counted live before saving, saved into the list;
/// refusals shown beside the form with nothing saved; content:edit needed to change anything.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SegmentBuilderPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>, IAsyncLifetime
{
    private string List => $"/w/{fixture.Ws}/segments";

    private string New => $"/w/{fixture.Ws}/segments/new";

    /// <summary>Five users: two on the trial who created a project (the segment below), three who miss one rule or both.</summary>
    public async Task InitializeAsync()
    {
        using (var api = fixture.Api())
        {
            using var classified = await api.PutAsJsonAsync(
                new Uri("v1/data-classes", UriKind.Relative),
                new { classes = new Dictionary<string, string> { ["plan"] = "public", ["diagnosis"] = "phi" } });
            Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        }

        using var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey);
        foreach (var (user, plan, projects) in new[] { ("u-1", "trial", 2), ("u-2", "trial", 0), ("u-3", "pro", 3), ("u-4", (string?)null, 1), ("u-5", "trial", 1) })
        {
            await PeopleData.SendAsync(write, "identify", new { userId = user, traits = plan is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["plan"] = plan } });
            for (var i = 0; i < projects; i++)
            {
                await PeopleData.SendAsync(write, "track", new { userId = user, @event = "Created project" });
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoRules_BuiltThroughFormPosts_AreCountedLiveBeforeSaving_AndTheSavedSegmentIsListed()
    {
        using var owner = await fixture.OwnerAsync();
        var empty = await owner.GetAsync(New);
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.True(empty.Shows("Users who match"));

        // Add a user trait rule to the top group: the page answers with its fields, the key list saying what each key allows.
        var withTrait = await owner.PostFormAsync(New, [.. Top("user_trait")], New + "?handler=add&group=0");
        Assert.Equal(HttpStatusCode.OK, withTrait.Status);
        Assert.Contains("name=\"Rules[1].Key\"", withTrait.Html, StringComparison.Ordinal);
        Assert.True(withTrait.Shows("plan (public: every op)"));
        Assert.True(withTrait.Shows("diagnosis (PHI: not usable for targeting)"));

        var withEvent = await owner.PostFormAsync(New, [.. Top("event"), .. PlanIsTrial()], New + "?handler=add&group=0");
        Assert.Equal(HttpStatusCode.OK, withEvent.Status);
        Assert.Contains("name=\"Rules[2].Event\"", withEvent.Html, StringComparison.Ordinal);

        // The live count, for the unsaved rules: u-1 and u-5 of the five users.
        KeyValuePair<string, string>[] form = [.. Top("user_trait"), .. PlanIsTrial(), .. CreatedProject()];
        var counted = await owner.PostFormAsync(New, form, New + "?handler=preview");
        Assert.Equal(HttpStatusCode.OK, counted.Status);
        Assert.True(counted.Shows("2 of 5 users"), counted.Html);
        Assert.False((await owner.GetAsync(List)).Shows("Active trial users"));

        var saved = await owner.PostFormAsync(New, form, New + "?handler=save");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(List, saved.Location);
        var list = await owner.GetAsync(List);
        Assert.True(list.Shows("Active trial users"));
        Assert.True(list.Shows("plan equals \"trial\" and did \"Created project\""), list.Html);
        Assert.True(list.Shows("2 of 5"));
    }

    [Fact]
    public async Task RuleOnAPhiKey_IsRefusedBesideTheForm_AndNothingIsSaved()
    {
        using var owner = await fixture.OwnerAsync();
        KeyValuePair<string, string>[] form =
        [
            new("Name", "Diagnosed users"), new("Rules[0].Depth", "0"), new("Rules[0].Type", "group"), new("Rules[0].Match", "all"),
            new("Rules[1].Depth", "1"), new("Rules[1].Type", "user_trait"), new("Rules[1].Key", "diagnosis"), new("Rules[1].Op", "equals"),
            new("Rules[1].Value", "flu"), new("Rules[1].ValueKind", "text"),
        ];

        var refused = await owner.PostFormAsync(New, form, New + "?handler=save");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("PHI is never used for targeting"), refused.Html);
        Assert.Contains("id=\"Rules_1_-error\"", refused.Html, StringComparison.Ordinal);
        Assert.False((await owner.GetAsync(List)).Shows("Diagnosed users"));
        using var api = fixture.Api();
        Assert.DoesNotContain("Diagnosed users", await api.GetStringAsync(new Uri("v1/segments", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SeesTheListWithoutNewSegment_AndIsRefusedSaving()
    {
        using var viewer = await fixture.NewViewerAsync();
        var list = await viewer.GetAsync(List);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.False(list.Shows("New segment"));

        var save = await viewer.PostFormAsync(List, [.. Top("user_trait", "Viewer's segment"), .. PlanIsTrial()], New + "?handler=save");

        Assert.Equal(HttpStatusCode.Forbidden, save.Status);
        Assert.False((await viewer.GetAsync(List)).Shows("Viewer's segment"));
    }

    [Fact]
    public async Task SavedSegment_OpensWithItsRules_IsChanged_AndIsDeletedOnlyOnceConfirmed()
    {
        using var owner = await fixture.OwnerAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(New, [.. Top("user_trait", "Pro users"), .. PlanIsTrial("pro")], New + "?handler=save")).Status);
        var id = SegmentLink().Match((await owner.GetAsync(List)).Html).Groups["id"].Value;
        var edit = $"/w/{fixture.Ws}/segments/{id}";

        var opened = await owner.GetAsync(edit);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains("name=\"Rules[1].Value\" value=\"pro\"", opened.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(edit, [.. Top("user_trait", "Pro users"), .. PlanIsTrial("enterprise")], edit + "?handler=save")).Status);
        Assert.True((await owner.GetAsync(List)).Shows("plan equals \"enterprise\""));

        var unconfirmed = await owner.PostFormAsync(edit, [], edit + "?handler=delete");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.Status);
        Assert.True(unconfirmed.Shows("Nothing was deleted."));
        Assert.Matches(SegmentLink(), (await owner.GetAsync(List)).Html);

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(edit, [new("confirm", "true")], edit + "?handler=delete")).Status);
        Assert.DoesNotMatch(SegmentLink(), (await owner.GetAsync(List)).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(edit)).Status);
    }

    /// <summary>The top group, named, matching all, with <paramref name="newType"/> chosen for its Add button.</summary>
    private static KeyValuePair<string, string>[] Top(string newType, string name = "Active trial users") =>
    [
        new("Name", name), new("Rules[0].Depth", "0"), new("Rules[0].Type", "group"), new("Rules[0].Match", "all"), new("Rules[0].NewType", newType),
    ];

    private static KeyValuePair<string, string>[] PlanIsTrial(string plan = "trial") =>
    [
        new("Rules[1].Depth", "1"), new("Rules[1].Type", "user_trait"), new("Rules[1].Key", "plan"), new("Rules[1].Op", "equals"),
        new("Rules[1].Value", plan), new("Rules[1].ValueKind", "text"),
    ];

    private static KeyValuePair<string, string>[] CreatedProject() =>
    [
        new("Rules[2].Depth", "1"), new("Rules[2].Type", "event"), new("Rules[2].Event", "Created project"), new("Rules[2].Did", "did"),
        new("Rules[2].AtLeast", "1"), new("Rules[2].WithinDays", "30"),
    ];

    [GeneratedRegex(@"href=""/w/[^/""]+/segments/(?<id>seg_[0-9a-f]+)"">Pro users<")]
    private static partial Regex SegmentLink();
}
