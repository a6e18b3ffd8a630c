using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Waymark.Failover.Tests.Support;

namespace Waymark.Failover.Tests;

/// <summary>The load-balancer configuration shipped in deploy/ is one HAProxy accepts as it is.</summary>
public sealed class ShippedConfigTests
{
    [Fact]
    public async Task ShippedHaproxyConfig_PassesHaproxyCheck()
    {
        var haproxy = LoadBalancer.Executable ?? throw new InvalidOperationException("haproxy is not installed; scripts/test.sh installs it.");
        var directory = Directory.CreateTempSubdirectory("waymark-haproxy-check-").FullName;
        try
        {
            // Only the certificate path is the operator's: a throwaway certificate stands in for it.
            var certificateFile = Path.Combine(directory, "waymark.pem");
            using (var key = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=api.waymark.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
                await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
            }

            var shipped = await File.ReadAllTextAsync(LoadBalancer.ShippedConfigPath);
            Assert.Contains("/etc/haproxy/certs/waymark.pem", shipped, StringComparison.Ordinal);
            var config = Path.Combine(directory, "haproxy.cfg");
            await File.WriteAllTextAsync(config, shipped.Replace("/etc/haproxy/certs/waymark.pem", certificateFile, StringComparison.Ordinal));

            var (exitCode, output) = await ChildProcesses.RunAsync(haproxy, ["-c", "-f", config], directory, TimeSpan.FromSeconds(30));

            Assert.True(exitCode == 0, $"haproxy -c failed:\n{output}");
            Assert.DoesNotContain("[WARNING]", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
