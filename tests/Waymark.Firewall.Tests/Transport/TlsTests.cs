using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Waymark.TestSupport;

namespace Waymark.Firewall.Tests.Transport;

/// <summary>HTTPS served by Waymark itself from a configured certificate, with HSTS; and a clear refusal of a bad one.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("waymark-tls-").FullName;

    [Fact]
    public async Task Serve_WithAPemCertificate_AnswersOverHttpsWithHsts()
    {
        var (certificatePath, keyPath, thumbprint) = CreateCertificate();
        await using var server = await WaymarkTestServer.StartAsync(
            "sqlite",
            new Dictionary<string, string?> { ["Waymark:Tls:CertificatePath"] = certificatePath, ["Waymark:Tls:KeyPath"] = keyPath },
            urls: "https://127.0.0.1:0");
        string? presented = null;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate is null ? null : Convert.ToHexString(certificate.GetCertHash());
                    return presented == thumbprint;
                },
            },
        }) { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("/healthz");

        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(thumbprint, presented);
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Serve_WithoutACertificate_SpeaksPlainHttpWithoutHsts()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite");
        using var client = server.Client();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Serve_WithAMissingCertificate_StopsAndSaysWhichSettingToFix()
    {
        var missing = Path.Combine(_directory, "missing.pem");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WaymarkProcess.RunCliAsync("serve", "--data", _directory, "--urls", "https://127.0.0.1:0", "--tls-cert", missing));

        Assert.Contains("Waymark:Tls:CertificatePath", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (string Certificate, string Key, string Thumbprint) CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var certificatePath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath, Convert.ToHexString(certificate.GetCertHash()));
    }
}
