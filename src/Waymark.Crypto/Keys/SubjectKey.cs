using System.Security.Cryptography;
using Waymark.Crypto.Sealing;

namespace Waymark.Crypto.Keys;

/// <summary>One subject's data key. Values sealed with it are bound to the subject's hash.</summary>
public sealed class SubjectKey
{
    private readonly byte[] _key;
    private readonly byte[] _associatedData;

    internal SubjectKey(SubjectHash subject, byte[] key)
    {
        Subject = subject;
        _key = key;
        _associatedData = subject.ToBytes();
    }

    public SubjectHash Subject { get; }

    public byte[] Seal(ReadOnlySpan<byte> plaintext) => Aead.Seal(_key, plaintext, _associatedData);

    /// <exception cref="CryptographicException">The value was not sealed for this subject, or was altered.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedValue) => Aead.Open(_key, sealedValue, _associatedData);
}
