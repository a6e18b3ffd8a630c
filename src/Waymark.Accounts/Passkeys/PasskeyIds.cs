using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Waymark.Accounts.Passkeys;

/// <summary>
/// How a passkey's credential id travels: base64url in pages and forms (as WebAuthn spells it), and as a short
/// fingerprint in audit entries and usage records, which need to tell passkeys apart but not to hold the id itself.
/// </summary>
internal static class PasskeyIds
{
    /// <summary>WebAuthn credential ids are at most 1023 bytes.</summary>
    private const int MaxCredentialIdBytes = 1023;

    public static string Encode(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    public static byte[]? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || encoded.Length > Base64Url.GetEncodedLength(MaxCredentialIdBytes) || !Base64Url.IsValid(encoded))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(encoded);
        return bytes.Length is > 0 and <= MaxCredentialIdBytes ? bytes : null;
    }

    public static string Fingerprint(byte[] credentialId) => Base64Url.EncodeToString(SHA256.HashData(credentialId).AsSpan(0, 12));

    /// <summary>The credential id a browser's <c>credential.toJSON()</c> names, before anything about it is verified.</summary>
    public static byte[]? ClaimedBy(string credentialJson)
    {
        try
        {
            using var document = JsonDocument.Parse(credentialJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                ? Decode(id.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
