using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Waymark.Ingest.IdentityVerification;

/// <summary>
/// Checks that the customer's backend vouched for a user id: either <c>hex(HMAC-SHA256(secret, userId))</c>, which
/// never expires (like Intercom's user hash), or an HS256 JWT whose <c>sub</c> is the id and which lives at most a day.
/// </summary>
internal static class UserSignature
{
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(24);

    private static readonly JsonWebTokenHandler Tokens = new() { MapInboundClaims = false };

    public static string Hmac(string secret, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId)));

    public static async Task<bool> VerifyAsync(string secret, string userId, string signature, DateTimeOffset now)
    {
        if (!signature.Contains('.', StringComparison.Ordinal))
        {
            return signature.Length == 64 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.ToLowerInvariant()), Encoding.ASCII.GetBytes(Hmac(secret, userId)));
        }

        var result = await Tokens.ValidateTokenAsync(signature, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && exp > now.UtcDateTime.AddMinutes(-1) && (notBefore is not { } nbf || nbf <= now.UtcDateTime.AddMinutes(1)),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return false;
        }

        var issued = token.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat) : (DateTimeOffset?)null;
        return string.Equals(token.Subject, userId, StringComparison.Ordinal)
            && issued is { } at
            && token.ValidTo - at.UtcDateTime <= MaxTokenLifetime;
    }
}
