using System.Security.Cryptography;
using System.Text;

namespace Waymark.Backups.Age;

/// <summary>The keys age derives from the file key.</summary>
internal static class AgeKeys
{
    public const int FileKeyLength = 16;
    public const int PayloadNonceLength = 16;
    public const int MacLength = 32;

    public static byte[] HeaderMacKey(ReadOnlySpan<byte> fileKey) => Derive(fileKey, [], "header"u8);

    public static byte[] PayloadKey(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce) => Derive(fileKey, nonce, "payload"u8);

    public static byte[] HeaderMac(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> headerUpToMarker) =>
        HMACSHA256.HashData(HeaderMacKey(fileKey), headerUpToMarker);

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Derive(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, salt, info);
        return key;
    }
}
