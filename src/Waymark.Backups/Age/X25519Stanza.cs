using NSec.Cryptography;

namespace Waymark.Backups.Age;

/// <summary>Wraps and unwraps the file key for one X25519 recipient (the <c>-&gt; X25519</c> stanza).</summary>
internal static class X25519Stanza
{
    public const string Type = "X25519";
    public const int KeyLength = 32;

    private static readonly byte[] Info = "age-encryption.org/v1/X25519"u8.ToArray();
    private static readonly byte[] ZeroNonce = new byte[12];

    public static AgeStanza Wrap(AgeRecipient recipient, ReadOnlySpan<byte> fileKey)
    {
        using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
        var share = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var recipientKey = PublicKey.Import(KeyAgreementAlgorithm.X25519, recipient.PublicKey, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(ephemeral, recipientKey)
            ?? throw new AgeException(AgeFailure.MalformedKey, "This recipient is not a usable X25519 public key. Generate a new one with age-keygen.");
        var wrapKey = DeriveWrapKey(shared, share, recipient.PublicKey);
        using var key = Key.Import(AeadAlgorithm.ChaCha20Poly1305, wrapKey, KeyBlobFormat.RawSymmetricKey);
        var body = AeadAlgorithm.ChaCha20Poly1305.Encrypt(key, ZeroNonce, [], fileKey);
        return new AgeStanza(Type, [AgeBase64.Encode(share)], body);
    }

    /// <summary>The file key when <paramref name="identity"/> is the stanza's recipient, otherwise null.</summary>
    public static byte[]? TryUnwrap(AgeStanza stanza, AgeIdentity identity)
    {
        if (!AgeBase64.TryDecode(stanza.Arguments[0], out var share))
        {
            return null;
        }

        using var secret = identity.ImportKey();
        var shareKey = PublicKey.Import(KeyAgreementAlgorithm.X25519, share, KeyBlobFormat.RawPublicKey);
        // NSec refuses an all-zero shared secret (a low-order share), which age requires rejecting.
        using var shared = KeyAgreementAlgorithm.X25519.Agree(secret, shareKey);
        if (shared is null)
        {
            return null;
        }

        var wrapKey = DeriveWrapKey(shared, share, identity.Recipient.PublicKey);
        using var key = Key.Import(AeadAlgorithm.ChaCha20Poly1305, wrapKey, KeyBlobFormat.RawSymmetricKey);
        var fileKey = new byte[AgeKeys.FileKeyLength];
        return AeadAlgorithm.ChaCha20Poly1305.Decrypt(key, ZeroNonce, [], stanza.Body, fileKey) ? fileKey : null;
    }

    /// <summary>True when the stanza has the shape the spec requires: one 32-byte share and a 32-byte body.</summary>
    public static bool IsWellFormed(AgeStanza stanza) =>
        stanza.Arguments.Count == 1
        && AgeBase64.TryDecode(stanza.Arguments[0], out var share) && share.Length == KeyLength
        && stanza.Body.Length == AgeKeys.FileKeyLength + AeadAlgorithm.ChaCha20Poly1305.TagSize;

    private static byte[] DeriveWrapKey(SharedSecret shared, ReadOnlySpan<byte> share, ReadOnlySpan<byte> recipient)
    {
        var salt = new byte[share.Length + recipient.Length];
        share.CopyTo(salt);
        recipient.CopyTo(salt.AsSpan(share.Length));
        return KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, salt, Info, 32);
    }
}
