using System.Security.Cryptography;
using NSec.Cryptography;

namespace Waymark.Backups.Age;

/// <summary>
/// Encrypts and decrypts files in the age v1 format (https://age-encryption.org/v1) to X25519 recipients, so that
/// operators can decrypt Waymark's backups with the stock <c>age</c> CLI and Waymark can restore files that CLI made.
/// </summary>
/// <remarks>
/// Hand-written because no maintained .NET age library exists; the format itself is small and fully specified.
/// The cryptographic primitives are not hand-written: NSec.Cryptography (libsodium) does X25519 and
/// ChaCha20-Poly1305, and .NET's HKDF and HMACSHA256 do key derivation and the header MAC. Both directions
/// stream in 64 KiB chunks. Decryption writes each chunk only after it authenticates, but a file that turns
/// out to be damaged later fails after earlier chunks were written: callers write to a scratch file and
/// discard it when <see cref="AgeException"/> is thrown.
/// </remarks>
public static class AgeFile
{
    /// <summary>Encrypts <paramref name="plaintext"/> to every recipient; each of them alone can decrypt.</summary>
    public static async Task EncryptAsync(
        Stream plaintext, Stream ciphertext, IReadOnlyCollection<AgeRecipient> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("Give at least one recipient: a file encrypted to nobody could never be decrypted.", nameof(recipients));
        }

        var fileKey = RandomNumberGenerator.GetBytes(AgeKeys.FileKeyLength);
        var stanzas = recipients.Select(recipient => X25519Stanza.Wrap(recipient, fileKey)).ToList();
        await ciphertext.WriteAsync(AgeHeader.Write(stanzas, fileKey), cancellationToken);
        var nonce = RandomNumberGenerator.GetBytes(AgeKeys.PayloadNonceLength);
        await ciphertext.WriteAsync(nonce, cancellationToken);
        using var payloadKey = ImportPayloadKey(fileKey, nonce);
        await AgePayload.EncryptAsync(plaintext, ciphertext, payloadKey, cancellationToken);
    }

    /// <summary>
    /// Decrypts <paramref name="ciphertext"/> with the first identity that matches a recipient stanza. Throws
    /// <see cref="AgeException"/> when no identity matches, the header was changed, or the payload is damaged or cut.
    /// </summary>
    public static async Task DecryptAsync(
        Stream ciphertext, Stream plaintext, IReadOnlyCollection<AgeIdentity> identities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(identities);
        var input = new AgeInput(ciphertext);
        var header = await AgeHeader.ReadAsync(input, cancellationToken);
        var fileKey = UnwrapFileKey(header, identities);
        if (!AgeHeader.MacMatches(header, fileKey))
        {
            throw new AgeException(
                AgeFailure.HeaderTampered,
                "This age file's header was changed after encryption (its MAC does not match), so the file cannot be trusted. Use another copy of the backup.");
        }

        var nonce = new byte[AgeKeys.PayloadNonceLength];
        if (await input.ReadFullyAsync(nonce, cancellationToken) < nonce.Length)
        {
            throw AgePayload.Truncated();
        }

        using var payloadKey = ImportPayloadKey(fileKey, nonce);
        await AgePayload.DecryptAsync(input, plaintext, payloadKey, cancellationToken);
    }

    private static byte[] UnwrapFileKey(ParsedHeader header, IReadOnlyCollection<AgeIdentity> identities)
    {
        var x25519 = header.Stanzas.Where(stanza => stanza.Type == X25519Stanza.Type).ToList();
        if (x25519.Any(stanza => !X25519Stanza.IsWellFormed(stanza)))
        {
            throw new AgeException(
                AgeFailure.MalformedHeader,
                "This age file has a damaged X25519 recipient stanza. Use another copy of the backup.");
        }

        foreach (var stanza in x25519)
        {
            foreach (var identity in identities)
            {
                if (X25519Stanza.TryUnwrap(stanza, identity) is { } fileKey)
                {
                    return fileKey;
                }
            }
        }

        throw new AgeException(
            AgeFailure.NoMatchingIdentity,
            "None of the given identities can decrypt this age file. Give the identity file whose public key (age1…) was configured as a backup recipient when the file was made.");
    }

    private static Key ImportPayloadKey(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce) =>
        Key.Import(AeadAlgorithm.ChaCha20Poly1305, AgeKeys.PayloadKey(fileKey, nonce), KeyBlobFormat.RawSymmetricKey);
}
