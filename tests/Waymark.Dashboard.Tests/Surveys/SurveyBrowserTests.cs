using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests.Surveys;

/// <summary>
/// The survey editor and results in headless Chromium under the dashboard's CSP: a product manager builds an NPS
/// survey with a text follow-up and a branch with the form alone, publishes it, and reads the score once answers arrive.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SurveyBrowserTests
{
    [Fact]
    public async Task ProductManager_BuildsAndPublishesAnNpsSurveyInTheBrowser_AndReadsTheScoreOfTheAnswers()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(page, server);
        using var api = TeamSetup.ApiClient(server, serverKey);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Surveys" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New survey" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Q4 NPS");
        await page.GetByLabel("Question 1: prompt").FillAsync("How likely are you to recommend Acme?");
        await page.GetByLabel("Question 1: low label (optional)").FillAsync("Not likely");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a question" }).ClickAsync();
        await page.GetByLabel("Question 2: type").SelectOptionAsync("text");
        await page.GetByLabel("Question 2: prompt").FillAsync("What should we improve?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a branching rule to question 1" }).ClickAsync();
        await Expect(page.GetByLabel("Question 2: placeholder (optional)")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Question 1: prompt")).ToHaveValueAsync("How likely are you to recommend Acme?");
        await page.GetByLabel("Rule 1: if the score is at least").FillAsync("0");
        await page.GetByLabel("Rule 1: and at most").FillAsync("6");
        await page.GetByLabel("Rule 1: go to").SelectOptionAsync("q2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).First.ClickAsync();
        await page.WaitForURLAsync(SavedSurvey(), BrowserChecks.Navigated);
        await Expect(page.Locator("#draft-version")).ToHaveTextAsync("version 1");
        var id = SavedSurvey().Match(page.Url).Groups["id"].Value;

        await page.GetByRole(AriaRole.Link, new() { Name = "Publish and versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish version 1 to production" }).ClickAsync();
        await Expect(page.Locator("#production-version")).ToHaveTextAsync("version 1 live");
        var survey = await api.GetFromJsonAsync<JsonObject>(new Uri($"v1/surveys/{id}", UriKind.Relative));
        var questions = survey!["definition"]!["questions"]!.AsArray();
        Assert.Equal(["nps", "text"], questions.Select(q => (string)q!["type"]!));
        Assert.Equal("q2", (string)questions[0]!["next"]![0]!["go_to"]!);

        await nav.GetByRole(AriaRole.Link, new() { Name = "Install the SDK" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a write key and show the snippet" }).ClickAsync();
        var writeKey = await page.GetByLabel("Write key", new() { Exact = true }).InputValueAsync();
        await SurveyForms.AnswerAsync(server, writeKey, id, ("ada", "q1", "nps", 10), ("grace", "q1", "nps", 8), ("linus", "q1", "nps", 2), ("linus", "q2", "text", "Faster reports"));

        // 1 promoter, 1 detractor of 3: 0. The batch is written a moment after it was accepted.
        var waited = Stopwatch.StartNew();
        do
        {
            await page.GotoAsync($"/w/{ws}/experiences/surveys");
            await page.GetByRole(AriaRole.Link, new() { Name = "Results of Q4 NPS" }).ClickAsync();
        }
        while (await page.Locator("#q1-answers").TextContentAsync() != "3" && waited.Elapsed < TimeSpan.FromSeconds(30));

        await Expect(page.Locator("#q1-nps")).ToHaveTextAsync("0");
        await Expect(page.Locator("#q1-promoters")).ToHaveTextAsync("1");
        await Expect(page.Locator("#q1-passives")).ToHaveTextAsync("1");
        await Expect(page.Locator("#q1-detractors")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Line chart of NPS over time") })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the answers to What should we improve?" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Faster reports" })).ToBeVisibleAsync();

        // Every survey page, opened under the dashboard's CSP: nothing blocked, every field named.
        foreach (var path in new[] { "surveys", "surveys/edit", $"surveys/edit/{id}", $"{id}/versions?version=1", $"{id}/progress", $"surveys/{id}/results", $"surveys/{id}/answers" })
        {
            var response = await page.GotoAsync($"/w/{ws}/experiences/{path}");
            Assert.Equal(200, response!.Status);
            var unlabelled = await page.UnlabelledFieldsAsync();
            Assert.True(unlabelled.Length == 0, $"{path}: {string.Join('\n', unlabelled)}");
        }

        await owner.AssertNoErrorsAsync();
    }

    [GeneratedRegex(@"/experiences/surveys/edit/(?<id>srv_[0-9a-f]+)$")]
    private static partial Regex SavedSurvey();
}
