using System.Security.Cryptography;
using System.Text;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// An account's unused recovery codes as salted SHA-256 hashes, stored as <c>salt;hash;hash;…</c> (Base64) in
/// Identity's recovery-code token. The codes themselves are shown once and never stored: someone who reads the
/// database cannot use them. Codes are random (about 47 bits each), so a salted fast hash is enough.
/// </summary>
internal sealed class RecoveryCodeHashes
{
    private const int SaltBytes = 16;
    private const char Separator = ';';

    private readonly byte[] _salt;
    private readonly List<byte[]> _hashes;

    private RecoveryCodeHashes(byte[] salt, List<byte[]> hashes)
    {
        _salt = salt;
        _hashes = hashes;
    }

    public int Count => _hashes.Count;

    /// <summary>Hashes fresh codes under a new salt, replacing whatever was there.</summary>
    public static RecoveryCodeHashes Create(IEnumerable<string> codes)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new RecoveryCodeHashes(salt, codes.Select(c => Hash(salt, c)).ToList());
    }

    /// <summary>The stored form read back; an empty or unreadable value has no codes.</summary>
    public static RecoveryCodeHashes Parse(string? stored)
    {
        var parts = (stored ?? "").Split(Separator, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return parts.Length == 0
                ? new RecoveryCodeHashes([], [])
                : new RecoveryCodeHashes(Convert.FromBase64String(parts[0]), parts.Skip(1).Select(Convert.FromBase64String).ToList());
        }
        catch (FormatException)
        {
            return new RecoveryCodeHashes([], []);
        }
    }

    /// <summary>Removes the code if it is one of them; every hash is compared, so timing does not tell which.</summary>
    public bool Redeem(string code)
    {
        if (_salt.Length == 0)
        {
            return false;
        }

        var submitted = Hash(_salt, code);
        var found = -1;
        for (var i = 0; i < _hashes.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(_hashes[i], submitted) && found < 0)
            {
                found = i;
            }
        }

        if (found < 0)
        {
            return false;
        }

        _hashes.RemoveAt(found);
        return true;
    }

    public string Serialize() =>
        _hashes.Count == 0 ? "" : string.Join(Separator, _hashes.Prepend(_salt).Select(Convert.ToBase64String));

    /// <summary>Codes are compared as people may type them: any case, with or without the hyphen and spaces.</summary>
    private static byte[] Hash(byte[] salt, string code)
    {
        var normalized = new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        return SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(normalized)]);
    }
}
