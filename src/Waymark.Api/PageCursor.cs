using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Waymark.Api;

/// <summary>
/// The paging cursor every list API hands back as <c>next_cursor</c>: the position of the last row listed (a sequence
/// number or id), as URL-safe base64 so that clients treat it as opaque and its meaning can change later.
/// </summary>
public static class PageCursor
{
    public static string Encode(long position)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, position);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a cursor; null or empty means the first page (<paramref name="position"/> null).</summary>
    public static bool TryDecode(string? cursor, out long? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[9];
        if (cursor.Length > 16 || Base64Url.DecodeFromChars(cursor, bytes, out _, out var written) != OperationStatus.Done || written != 8)
        {
            return false;
        }

        var value = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (value <= 0)
        {
            return false;
        }

        position = value;
        return true;
    }
}
