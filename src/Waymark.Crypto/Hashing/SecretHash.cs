using System.Security.Cryptography;
using System.Text;

namespace Waymark.Crypto.Hashing;

/// <summary>
/// The one hashing function for generated secrets (API keys, invitation tokens). These carry 256 bits of
/// randomness, so a single SHA-256 is enough: a slow password hash would add cost on every request and no strength.
/// </summary>
public static class SecretHash
{
    public static byte[] Compute(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, ReadOnlySpan<byte> hash) =>
        CryptographicOperations.FixedTimeEquals(Compute(secret), hash);

    /// <summary>A new secret: <paramref name="prefix"/> followed by 32 random bytes in URL-safe base64.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
