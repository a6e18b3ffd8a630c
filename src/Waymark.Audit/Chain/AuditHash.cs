using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Waymark.Audit.Chain;

/// <summary>
/// The hash chain. Each workspace has its own chain; an entry's hash is
/// <c>SHA-256(prev_hash ‖ encoding)</c>, where <c>prev_hash</c> is the previous entry's hash (32 zero bytes for
/// seq 1) and <c>encoding</c> is, in this order:
/// <list type="number">
/// <item>the field <c>"waymark-audit-v1"</c> (the format version),</item>
/// <item><c>workspace_id</c>, <c>seq</c> and <c>time</c> (Unix milliseconds), each a signed 64-bit big-endian integer,</item>
/// <item>the fields <c>actor_kind</c>, <c>actor_id</c>, <c>action</c>, <c>target_type</c>, <c>target_id</c>,
/// <c>outcome</c>, <c>source_ip</c>, <c>request_id</c>, <c>details</c>.</item>
/// </list>
/// A field is the byte <c>0x00</c> when null, otherwise <c>0x01</c>, the length of its UTF-8 bytes as an unsigned 32-bit
/// big-endian integer, and those bytes. Presence and length prefixes make the encoding unambiguous: no two different
/// entries encode to the same bytes, whatever their values contain.
/// <c>details</c> is hashed as stored: a JSON object with string values, keys in ordinal order, no whitespace, and
/// System.Text.Json's default escaping (everything outside printable ASCII, and HTML-sensitive characters, as
/// <c>\uXXXX</c>), so the same facts always produce the same text.
/// </summary>
internal static class AuditHash
{
    public const int Size = 32;

    private const string Version = "waymark-audit-v1";

    public static readonly byte[] Genesis = new byte[Size];

    /// <summary>Throws on lone surrogates instead of replacing them, so two different strings never encode alike.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Compute(AuditRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(record.PrevHash);
        AppendField(hash, Version);
        Span<byte> number = stackalloc byte[8];
        foreach (var value in (ReadOnlySpan<long>)[record.WorkspaceId, record.Seq, record.Time])
        {
            BinaryPrimitives.WriteInt64BigEndian(number, value);
            hash.AppendData(number);
        }

        AppendField(hash, record.ActorKind);
        AppendField(hash, record.ActorId);
        AppendField(hash, record.Action);
        AppendField(hash, record.TargetType);
        AppendField(hash, record.TargetId);
        AppendField(hash, record.Outcome);
        AppendField(hash, record.SourceIp);
        AppendField(hash, record.RequestId);
        AppendField(hash, record.Details);
        return hash.GetHashAndReset();
    }

    /// <summary>The canonical text of an event's details, or null when there are none.</summary>
    public static string? CanonicalDetails(IReadOnlyDictionary<string, string>? details)
    {
        if (details is null || details.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string ToHex(byte[] hash) => Convert.ToHexStringLower(hash);

    private static void AppendField(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            hash.AppendData([0]);
            return;
        }

        var bytes = StrictUtf8.GetBytes(value);
        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[1..], (uint)bytes.Length);
        hash.AppendData(prefix);
        hash.AppendData(bytes);
    }
}
