using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Waymark.Audit.Reading;

/// <summary>An opaque paging cursor: the last returned entry's seq, URL-safe base64, so its meaning can change later.</summary>
internal static class AuditCursor
{
    public static string Encode(long seq)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, seq);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a cursor; null or empty means the first page (<paramref name="before"/> null).</summary>
    public static bool TryDecode(string? cursor, out long? before)
    {
        before = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[9];
        if (cursor.Length > 16 || Base64Url.DecodeFromChars(cursor, bytes, out _, out var written) != OperationStatus.Done || written != 8)
        {
            return false;
        }

        var seq = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (seq <= 0)
        {
            return false;
        }

        before = seq;
        return true;
    }
}
