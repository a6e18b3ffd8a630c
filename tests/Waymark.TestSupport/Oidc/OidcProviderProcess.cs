using System.Globalization;
using Waymark.TestSupport.Email;
using Waymark.TestSupport.NodeScripts;

namespace Waymark.TestSupport.Oidc;

/// <summary>
/// A real OpenID Connect provider for tests (<c>tests/clients/oidc-provider.mjs</c>, npm <c>oidc-provider</c>) on
/// 127.0.0.1 with one confidential client, PKCE required and the library's development sign-in screens (any login
/// name, which becomes the verified email address; <c>unverified:ADDRESS</c> for an unverified one). Its issuer is
/// <c>http://localhost:PORT</c>, another site than a Waymark on 127.0.0.1. Disposing kills it.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    private readonly NodeScript _script;

    private OidcProviderProcess(NodeScript script, string clientId, string clientSecret)
    {
        _script = script;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public int Port => _script.Port;

    /// <summary>The issuer URL, as the provider's discovery document and tokens name it.</summary>
    public Uri Issuer => new($"http://localhost:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>What the provider wrote to stderr so far (its start-up warnings, and any server error).</summary>
    public string Errors => _script.Errors;

    /// <summary>Starts the provider with a fresh client allowed to return to <paramref name="redirectUri"/>; returns once it listens.</summary>
    public static async Task<OidcProviderProcess> StartAsync(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        TestClients.RequirePackage("oidc-provider");
        var clientId = "waymark-" + Guid.NewGuid().ToString("N")[..8];
        var clientSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var script = await NodeScript.StartAsync(
            "oidc-provider.mjs",
            ["--client-id", clientId, "--client-secret", clientSecret, "--redirect-uri", redirectUri.ToString()]);
        return new OidcProviderProcess(script, clientId, clientSecret);
    }

    public ValueTask DisposeAsync()
    {
        _script.Dispose();
        return ValueTask.CompletedTask;
    }
}
