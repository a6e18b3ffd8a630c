using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Waymark.TestSupport;

namespace Waymark.Experiences.Tests.Delivery;

/// <summary>The server serves the SDK it was built with, cacheably, and answers the SDK's cross-origin calls.</summary>
public sealed class SdkDeliveryTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private readonly WaymarkTestServer _server = fixture.Server;

    [Fact]
    public async Task Sdk_IsServedWithItsHash_ShortCacheAndEtag_AndThePinnedCopyIsImmutable()
    {
        using var client = _server.Client();
        var answer = await client.GetAsync("/sdk/waymark.js");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/javascript", answer.Content.Headers.ContentType?.MediaType);
        var script = await answer.Content.ReadAsByteArrayAsync();
        Assert.Contains("waymark", System.Text.Encoding.UTF8.GetString(script), StringComparison.Ordinal);
        var hash = Convert.ToHexStringLower(SHA384.HashData(script))[..16];
        Assert.Equal($"\"{hash}\"", answer.Headers.ETag?.Tag);
        Assert.Equal(TimeSpan.FromMinutes(5), answer.Headers.CacheControl?.MaxAge);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/sdk/waymark.js");
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{hash}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(revalidate)).StatusCode);

        var pinned = await client.GetAsync($"/sdk/waymark.{hash}.js");
        Assert.Equal(HttpStatusCode.OK, pinned.StatusCode);
        Assert.Contains("immutable", pinned.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(script, await pinned.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sdk/waymark.0123456789abcdef.js")).StatusCode);
    }

    [Fact]
    public async Task Sdk_IsGzippedForClientsThatAcceptIt()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/waymark.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var answer = await client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(answer.Content.Headers.ContentEncoding));
        var zipped = await answer.Content.ReadAsByteArrayAsync();
        using var unzip = new GZipStream(new MemoryStream(zipped), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await unzip.CopyToAsync(plain);
        Assert.Equal(await client.GetByteArrayAsync("/sdk/waymark.js"), plain.ToArray());
        Assert.True(zipped.Length < 12 * 1024, $"The SDK is {zipped.Length} bytes gzipped, over its 12 KB budget.");
    }

    [Theory]
    [InlineData("/v1/content", "GET")]
    [InlineData("/v1/batch", "POST")]
    public async Task Preflight_FromAnyOrigin_AllowsTheSdksHeaders_WithoutCredentials(string path, string method)
    {
        using var client = _server.Client();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "https://app.customer.example");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-waymark-user-signature");
        var answer = await client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(',', answer.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("x-waymark-user-signature", allowed, StringComparison.Ordinal);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task DashboardApi_AnswersNoCrossOriginRequests()
    {
        using var client = _server.Client();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/flows");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
