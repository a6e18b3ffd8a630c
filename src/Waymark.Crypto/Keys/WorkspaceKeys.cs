using System.Security.Cryptography;
using System.Text;

namespace Waymark.Crypto.Keys;

/// <summary>
/// A workspace's key and the purpose keys derived from it with HKDF: one wraps subject keys,
/// one hashes subject ids, one computes blind-index terms, one hashes message ids for deduplication.
/// </summary>
public sealed class WorkspaceKeys
{
    private readonly byte[] _subjectIdKey;
    private readonly byte[] _blindIndexKey;
    private readonly byte[] _messageIdKey;

    internal WorkspaceKeys(long workspaceId, byte[] workspaceKey)
    {
        WorkspaceId = workspaceId;
        WrappingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, workspaceKey, 32, info: "waymark/subject-key-wrap"u8.ToArray());
        _subjectIdKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, workspaceKey, 32, info: "waymark/subject-id"u8.ToArray());
        _blindIndexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, workspaceKey, 32, info: "waymark/blind-index"u8.ToArray());
        _messageIdKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, workspaceKey, 32, info: "waymark/message-id"u8.ToArray());
    }

    public long WorkspaceId { get; }

    internal byte[] WrappingKey { get; }

    public SubjectHash HashSubject(SubjectKind kind, string id)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(_subjectIdKey, (byte)kind, id, "", mac);
        return SubjectHash.FromBytes(mac[..16]);
    }

    /// <summary>The blind-index term for equality search on an encrypted trait: HMAC over key and normalised value.</summary>
    public byte[] BlindIndexTerm(string traitKey, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(_blindIndexKey, 0, traitKey, value.Trim().ToUpperInvariant(), mac);
        return mac[..16].ToArray();
    }

    /// <summary>64 bits of a keyed hash of a message id; the deduplication key.</summary>
    public long MessageKey(string messageId)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(_messageIdKey, 0, messageId, "", mac);
        return BitConverter.ToInt64(mac);
    }

    private static void Mac(byte[] key, byte tag, string first, string second, Span<byte> destination)
    {
        var length = 1 + Encoding.UTF8.GetByteCount(first) + 1 + Encoding.UTF8.GetByteCount(second);
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        buffer[0] = tag;
        var written = 1 + Encoding.UTF8.GetBytes(first, buffer[1..]);
        buffer[written++] = 0;
        Encoding.UTF8.GetBytes(second, buffer[written..]);
        HMACSHA256.HashData(key, buffer, destination);
    }
}
