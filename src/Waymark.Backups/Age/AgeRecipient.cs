namespace Waymark.Backups.Age;

/// <summary>An age X25519 recipient (<c>age1…</c>): the public key a backup is encrypted to.</summary>
public sealed class AgeRecipient
{
    internal const string Hrp = "age";

    private readonly byte[] _publicKey;

    internal AgeRecipient(ReadOnlySpan<byte> publicKey)
    {
        _publicKey = publicKey.ToArray();
    }

    internal ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Parses an <c>age1…</c> recipient as printed by <c>age-keygen</c>.</summary>
    public static AgeRecipient Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Bech32.TryDecode(text.Trim(), out var hrp, out var key) || hrp != Hrp || key.Length != X25519Stanza.KeyLength
            || text.Any(char.IsAsciiLetterUpper))
        {
            throw new AgeException(
                AgeFailure.MalformedKey,
                "This is not an age X25519 recipient. Use the public key printed by age-keygen (it starts with \"age1\").");
        }

        return new AgeRecipient(key);
    }

    /// <summary>
    /// Reads a recipients file as <c>age -R</c> does: one <c>age1…</c> recipient a line, blank lines and lines
    /// starting with <c>#</c> ignored.
    /// </summary>
    public static async Task<IReadOnlyList<AgeRecipient>> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        var recipients = KeyFileLines.Meaningful(lines).Select(Parse).ToList();
        if (recipients.Count == 0)
        {
            throw new AgeException(AgeFailure.MalformedKey, $"The recipients file {path} holds no recipient. Add an \"age1…\" line.");
        }

        return recipients;
    }

    /// <summary>The <c>age1…</c> form.</summary>
    public override string ToString() => Bech32.Encode(Hrp, _publicKey);
}
