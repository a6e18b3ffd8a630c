using NSec.Cryptography;

namespace Waymark.Backups.Age;

/// <summary>
/// An age X25519 identity (<c>AGE-SECRET-KEY-1…</c>): the private key that decrypts backups. It is kept by the
/// operator, never beside the backups.
/// </summary>
public sealed class AgeIdentity
{
    internal const string Hrp = "AGE-SECRET-KEY-";

    private readonly byte[] _secretKey;

    private AgeIdentity(byte[] secretKey)
    {
        _secretKey = secretKey;
        using var key = ImportKey();
        Recipient = new AgeRecipient(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The recipient that files for this identity are encrypted to.</summary>
    public AgeRecipient Recipient { get; }

    /// <summary>Creates a new random identity.</summary>
    public static AgeIdentity Generate()
    {
        using var key = Key.Create(
            KeyAgreementAlgorithm.X25519,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new AgeIdentity(key.Export(KeyBlobFormat.RawPrivateKey));
    }

    /// <summary>Parses an <c>AGE-SECRET-KEY-1…</c> identity.</summary>
    public static AgeIdentity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!Bech32.TryDecode(trimmed, out var hrp, out var key) || !hrp.Equals(Hrp, StringComparison.OrdinalIgnoreCase)
            || key.Length != X25519Stanza.KeyLength || trimmed.Any(char.IsAsciiLetterLower))
        {
            throw new AgeException(
                AgeFailure.MalformedKey,
                "This is not an age X25519 identity. Use the secret key written by age-keygen (it starts with \"AGE-SECRET-KEY-1\").");
        }

        return new AgeIdentity(key);
    }

    /// <summary>
    /// Reads an identity file as written by <c>age-keygen -o</c>: one identity a line, blank lines and lines
    /// starting with <c>#</c> (the creation time and public key comments) ignored.
    /// </summary>
    public static async Task<IReadOnlyList<AgeIdentity>> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        var identities = KeyFileLines.Meaningful(lines).Select(Parse).ToList();
        if (identities.Count == 0)
        {
            throw new AgeException(
                AgeFailure.MalformedKey,
                $"The identity file {path} holds no identity. Give the file written by age-keygen (a line starting with \"AGE-SECRET-KEY-1\").");
        }

        return identities;
    }

    /// <summary>The <c>AGE-SECRET-KEY-1…</c> form, for writing an identity file. Treat it as a secret.</summary>
    public string ToSecretKeyString() => Bech32.Encode(Hrp, _secretKey).ToUpperInvariant();

    /// <summary>The recipient, so that logging an identity never prints the secret key.</summary>
    public override string ToString() => Recipient.ToString();

    internal Key ImportKey() => Key.Import(KeyAgreementAlgorithm.X25519, _secretKey, KeyBlobFormat.RawPrivateKey);
}
