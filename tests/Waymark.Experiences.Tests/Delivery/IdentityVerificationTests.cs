using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Delivery;

/// <summary>With identity verification on, browser calls naming a user need that user's signature; server keys do not.</summary>
public abstract class IdentityVerificationTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Enabled_UnsignedOrWronglySignedBrowserCalls_Return401_AndStoreNothing()
    {
        var (api, secret) = await VerifiedWorkspaceAsync();

        await ApiAnswers.AssertProblemAsync(await api.Write.PostAsync("/v1/identify", Json(new { userId = "ada", traits = new { plan = "x" } })), HttpStatusCode.Unauthorized, "signature-required");
        await ApiAnswers.AssertProblemAsync(await SignedAsync(api, "/v1/track", new { userId = "ada", @event = "E" }, Hmac(secret, "bob")), HttpStatusCode.Unauthorized, "invalid-signature");
        await ApiAnswers.AssertProblemAsync(await SignedAsync(api, "/v1/track", new { userId = "ada", @event = "E" }, Hmac("ivs_wrong", "ada")), HttpStatusCode.Unauthorized, "invalid-signature");
        await ApiAnswers.AssertProblemAsync(
            await SignedAsync(api, "/v1/batch", new { batch = new object[] { new { type = "track", userId = "ada", @event = "E" }, new { type = "track", userId = "bob", @event = "E" } } }, Hmac(secret, "ada")),
            HttpStatusCode.Unauthorized,
            "one-user-per-request");
        await ApiAnswers.AssertProblemAsync(await api.Write.GetAsync("/v1/content?user_id=ada"), HttpStatusCode.Unauthorized, "signature-required");
        await ApiAnswers.AssertProblemAsync(await SignedGetAsync(api, "/v1/content?user_id=ada", Hmac(secret, "bob")), HttpStatusCode.Unauthorized, "invalid-signature");
        Assert.Equal(0, await api.CountRowsAsync("events"));
    }

    [Fact]
    public async Task Enabled_HmacOrShortLivedJwt_IsAccepted_AndExpiredOrLongLivedJwtIsNot()
    {
        var (api, secret) = await VerifiedWorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await SignedAsync(api, "/v1/track", new { userId = "ada", @event = "E" }, Hmac(secret, "ada"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignedGetAsync(api, "/v1/content?user_id=ada", Hmac(secret, "ada").ToUpperInvariant())).StatusCode);

        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await SignedGetAsync(api, "/v1/content?user_id=ada", Jwt(secret, "ada", now.AddMinutes(-1), now.AddHours(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(api, "/v1/content?user_id=ada", Jwt(secret, "bob", now.AddMinutes(-1), now.AddHours(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(api, "/v1/content?user_id=ada", Jwt(secret, "ada", now.AddHours(-3), now.AddHours(-2)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(api, "/v1/content?user_id=ada", Jwt(secret, "ada", now, now.AddDays(30)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(api, "/v1/content?user_id=ada", Jwt("ivs_other-secret-of-enough-length-0123456789", "ada", now, now.AddHours(1)))).StatusCode);
    }

    [Fact]
    public async Task Enabled_AnonymousBrowserCallsAndServerKeys_NeedNoSignature()
    {
        var (api, _) = await VerifiedWorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.Write.PostAsync("/v1/track", Json(new { anonymousId = "visitor", @event = "E" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Write.GetAsync("/v1/content?anonymous_id=visitor")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.Full.PostAsync("/v1/track", Json(new { user_id = "ada", event_name = "E" }))).StatusCode);
        await ApiAnswers.AssertProblemAsync(await api.Write.PostAsync("/v1/companies/identify", Json(new { company_id = "acme", metadata = new { name = "Acme" } })), HttpStatusCode.Unauthorized, "identity-required");
    }

    [Fact]
    public async Task Settings_CannotEnableWithoutASecret_AndChangesAreAudited()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        await ApiAnswers.AssertProblemAsync(await api.Full.PutAsync("/v1/identity-verification", Json(new { enabled = true })), HttpStatusCode.Conflict, "no-identity-secret");
        await ApiAnswers.AssertProblemAsync(await api.Full.PutAsync("/v1/identity-verification", Json(new { enabled = "yes" })), HttpStatusCode.BadRequest, "invalid-identity-verification");
        Assert.False((bool)(await GetJsonAsync(api.Full, "/v1/identity-verification"))["enabled"]!);

        var secret = (string)(await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/identity-verification/secret", null)))["secret"]!;
        Assert.StartsWith("ivs_", secret);
        var state = await GetJsonAsync(api.Full, "/v1/identity-verification");
        Assert.True((bool)state["secret_set"]!);
        Assert.DoesNotContain(secret, state.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.Full.PutAsync("/v1/identity-verification", Json(new { enabled = true }))).StatusCode);
        Assert.Single(await api.AuditAsync("settings.identity-secret-rotated"));
        Assert.Single(await api.AuditAsync("settings.identity-verification-changed"));
        Assert.DoesNotContain(secret, server.Logs.AllText, StringComparison.Ordinal);

        using var viewer = await api.KeyClientAsync("workspace:view");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/v1/identity-verification/secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync("/v1/identity-verification", Json(new { enabled = false }))).StatusCode);
    }

    private async Task<(WorkspaceClient Api, string Secret)> VerifiedWorkspaceAsync()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var secret = (string)(await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/identity-verification/secret", null)))["secret"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.Full.PutAsync("/v1/identity-verification", Json(new { enabled = true }))).StatusCode);
        return (api, secret);
    }

    private static string Hmac(string secret, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId)));

    private static string Jwt(string secret, string subject, DateTimeOffset issuedAt, DateTimeOffset expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });

    private static Task<HttpResponseMessage> SignedAsync(WorkspaceClient api, string path, object body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add("X-Waymark-User-Signature", signature);
        return api.Write.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SignedGetAsync(WorkspaceClient api, string path, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Waymark-User-Signature", signature);
        return api.Write.SendAsync(request);
    }
}

public sealed class SqliteIdentityVerificationTests(SqliteServerFixture fixture) : IdentityVerificationTests(fixture.Server), IClassFixture<SqliteServerFixture>;
