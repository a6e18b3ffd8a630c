using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Segments;

/// <summary>
/// The identity verification settings page: the secret shown once, turning verification on (refused without a
/// secret), the API agreeing with the page, and a viewer who sees the state but cannot change it.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class IdentityVerificationPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    private string Settings => $"/w/{fixture.Ws}/settings/identity-verification";

    [Fact]
    public async Task Owner_CreatesSecretShownOnce_TurnsVerificationOn_AndAViewerCannotChangeIt()
    {
        using var owner = await fixture.OwnerAsync();
        var before = await owner.GetAsync(Settings);
        Assert.Equal("off", Status(before));
        Assert.True(before.Shows("Create secret"));

        // Turning on without a secret is refused beside the form.
        var early = await owner.PostFormAsync(Settings, [new("on", "true")], Settings + "?handler=enabled");
        Assert.Equal(HttpStatusCode.OK, early.Status);
        Assert.True(early.Shows("Create the workspace's identity verification secret first"), early.Html);
        Assert.Equal("off", Status(await owner.GetAsync(Settings)));

        // The secret is in the response that created it, with the example code, and on no later page.
        var created = await owner.PostFormAsync(Settings, [], Settings + "?handler=secret");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var secret = WebUtility.HtmlDecode(SecretPattern().Match(created.Html).Groups["value"].Value);
        Assert.NotEmpty(secret);
        Assert.True(created.Shows("Copy now."));
        Assert.True(created.Shows("waymark.identify(userId, traits, { signature })"));
        var reloaded = await owner.GetAsync(Settings);
        Assert.False(reloaded.Shows(secret));
        Assert.True(reloaded.Shows("Replace secret"));

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync(Settings, [new("on", "true")], Settings + "?handler=enabled")).Status);
        Assert.Equal("on", Status(await owner.GetAsync(Settings)));
        using (var api = fixture.Api())
        {
            var state = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/identity-verification", UriKind.Relative));
            Assert.True((bool)state!["enabled"]!);
            Assert.True((bool)state["secret_set"]!);
        }

        // The secret shown is the one that signs: a browser call signed with it is accepted, an unsigned one refused.
        using (var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey))
        {
            using var unsigned = await write.PostAsJsonAsync(new Uri("v1/identify", UriKind.Relative), new { userId = "u-signed" });
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/identify", UriKind.Relative)) { Content = JsonContent.Create(new { userId = "u-signed" }) };
            request.Headers.Add("X-Waymark-User-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("u-signed"))));
            using var signed = await write.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }

        // A viewer sees the state, is offered no form, and is refused a change posted anyway.
        using var viewer = await fixture.NewViewerAsync();
        var seen = await viewer.GetAsync(Settings);
        Assert.Equal(HttpStatusCode.OK, seen.Status);
        Assert.Equal("on", Status(seen));
        Assert.False(seen.Shows("Turn verification off"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostFormAsync(Settings, [new("on", "false")], Settings + "?handler=enabled")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostFormAsync(Settings, [], Settings + "?handler=secret")).Status);
        Assert.Equal("on", Status(await owner.GetAsync(Settings)));
    }

    private static string Status(DashboardPage page) => StatusPattern().Match(page.Html).Groups["state"].Value;

    [GeneratedRegex("""<strong id="verification-status">(?<state>[a-z]+)</strong>""")]
    private static partial Regex StatusPattern();

    [GeneratedRegex("""<input id="identity-secret"[^>]*\svalue="(?<value>[^"]+)""")]
    private static partial Regex SecretPattern();
}
