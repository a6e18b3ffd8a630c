using Microsoft.Playwright;

namespace Waymark.TestSupport.Browser;

/// <summary>
/// Chromium's virtual WebAuthn authenticator on one page, over the DevTools protocol: a platform authenticator with
/// resident keys that verifies the user without asking, so passkey registration and sign-in run headless. It answers
/// every WebAuthn request of that page (its navigations included) and keeps its credentials until disposed.
/// </summary>
public sealed class VirtualAuthenticator : IAsyncDisposable
{
    private readonly ICDPSession _cdp;

    private VirtualAuthenticator(ICDPSession cdp, string id)
    {
        _cdp = cdp;
        Id = id;
    }

    public string Id { get; }

    public static async Task<VirtualAuthenticator> AttachAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            await cdp.SendAsync("WebAuthn.enable", new() { ["enableUI"] = false });
            var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new()
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2",
                    ["transport"] = "internal",
                    ["hasResidentKey"] = true,
                    ["hasUserVerification"] = true,
                    ["isUserVerified"] = true,
                    ["automaticPresenceSimulation"] = true,
                },
            });
            var id = added?.GetProperty("authenticatorId").GetString()
                ?? throw new InvalidOperationException("WebAuthn.addVirtualAuthenticator answered no authenticatorId.");
            return new VirtualAuthenticator(cdp, id);
        }
        catch
        {
            await cdp.DetachAsync();
            throw;
        }
    }

    /// <summary>The ids of the credentials the authenticator holds, base64url as WebAuthn and the pages spell them.</summary>
    public async Task<IReadOnlyList<string>> CredentialIdsAsync()
    {
        var answer = await _cdp.SendAsync("WebAuthn.getCredentials", new() { ["authenticatorId"] = Id });
        if (answer is not { } result || !result.TryGetProperty("credentials", out var credentials))
        {
            return [];
        }

        // DevTools sends the ids in standard base64.
        return credentials.EnumerateArray()
            .Select(c => c.GetProperty("credentialId").GetString() ?? "")
            .Select(id => id.TrimEnd('=').Replace('+', '-').Replace('/', '_'))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _cdp.SendAsync("WebAuthn.removeVirtualAuthenticator", new() { ["authenticatorId"] = Id });
            await _cdp.DetachAsync();
        }
        catch (PlaywrightException)
        {
            // The page or its context is already closed, and the authenticator with it.
        }
    }
}
