using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Waymark.Dashboard.Tests.Surveys.SurveyForms;

namespace Waymark.Dashboard.Tests.Surveys;

/// <summary>
/// The open-text answers page when the workspace classifies <c>$answer_text</c> as PHI: an analyst (<c>data:read</c>
/// without <c>phi:read</c>) sees that each answer is redacted, never its text; the owner (who holds <c>phi:read</c>)
/// reads it. Its own server, since classifying the key as PHI would change what the other survey page tests read.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SurveyAnswersPhiPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    private const string AnalystEmail = "analyst@example.com";
    private const string AnalystPassword = "meadow-copper-analyst-77";

    [Fact]
    public async Task AnswersPage_WithPhiText_ShowsRedactedToAnAnalystWithoutPhiRead_AndTheTextToTheOwner()
    {
        using (var api = fixture.Api())
        {
            using var classified = await api.PutAsJsonAsync(new Uri("v1/data-classes", UriKind.Relative), new { classes = new Dictionary<string, string> { ["$answer_text"] = "phi" } });
            Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        }

        using var owner = await fixture.OwnerAsync();
        var id = await SaveSurveyAsync(owner, $"/w/{fixture.Ws}/experiences/surveys/edit", NpsWithFollowUp("PHI answers"));
        const string Text = "phi-canary: my insulin dose is wrong";
        await AnswerAsync(fixture.Server, fixture.WriteKey, id, ("ada", "q2", "text", Text));
        await WaitForAsync(owner, $"/w/{fixture.Ws}/experiences/surveys/{id}/results", "q2-answers", "1");
        var path = $"/w/{fixture.Ws}/experiences/surveys/{id}/answers?question=q2";

        using var analyst = await NewAnalystAsync();
        var redacted = await analyst.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, redacted.Status);
        Assert.Contains("<td class=\"muted redacted\">redacted (PHI)</td>", redacted.Html, StringComparison.Ordinal);
        Assert.Contains("<td>ada</td>", redacted.Html, StringComparison.Ordinal);
        Assert.False(redacted.Shows("phi-canary"), "an analyst without phi:read must not see PHI text");

        var disclosed = await owner.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, disclosed.Status);
        Assert.Contains($"<td class=\"answer-text\">{Text}</td>", disclosed.Html, StringComparison.Ordinal);
        Assert.False(disclosed.Shows("redacted (PHI)"), disclosed.Html);
    }

    /// <summary>Invites <see cref="AnalystEmail"/> as an analyst, accepts through the link, and answers a client signed in as them.</summary>
    private async Task<DashboardClient> NewAnalystAsync()
    {
        using var api = fixture.Api();
        using var invited = await api.PostAsJsonAsync(new Uri("v1/invitations/", UriKind.Relative), new { email = AnalystEmail, role = "analyst" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var link = new Uri((string)(await invited.Content.ReadFromJsonAsync<JsonObject>())!["link"]!);

        var analyst = new DashboardClient(fixture.Server.BaseAddress);
        var accepted = await analyst.PostFormAsync(link.PathAndQuery, [new("Password", AnalystPassword)]);
        Assert.True(accepted.Status == HttpStatusCode.Redirect && analyst.Session is not null, $"Accepting answered {(int)accepted.Status}.\n{accepted.Html}");
        return analyst;
    }
}
