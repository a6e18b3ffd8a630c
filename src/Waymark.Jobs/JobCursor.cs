using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Waymark.Jobs;

/// <summary>An opaque paging cursor: the last listed job's internal id, URL-safe base64, so its meaning can change later.</summary>
internal static class JobCursor
{
    public static string Encode(long id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id);
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

        var id = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (id <= 0)
        {
            return false;
        }

        before = id;
        return true;
    }
}
