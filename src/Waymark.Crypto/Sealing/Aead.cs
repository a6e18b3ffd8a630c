using System.Security.Cryptography;

namespace Waymark.Crypto.Sealing;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce. Layout: version (1) | nonce (12) | ciphertext | tag (16).
/// The associated data binds a sealed value to its owner, so it cannot be moved to another subject.
/// </summary>
internal static class Aead
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    public const int Overhead = 1 + NonceSize + TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length, TagSize), associatedData);
        return output;
    }

    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        if (sealedValue.Length < Overhead || sealedValue[0] != Version)
        {
            throw new CryptographicException("Sealed value has an unknown format.");
        }

        var length = sealedValue.Length - Overhead;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.Slice(1, NonceSize), sealedValue.Slice(1 + NonceSize, length), sealedValue.Slice(1 + NonceSize + length, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
