using System.Buffers.Text;

namespace Waymark.Ingest.Reading;

/// <summary>An opaque paging cursor (the last row's sequence number, URL-safe base64) so its meaning can change later.</summary>
internal static class EventCursor
{
    public static string Encode(long seq) => Base64Url.EncodeToString(BitConverter.GetBytes(seq));

    public static bool TryDecode(string? cursor, out long seq)
    {
        seq = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[9];
        if (Base64Url.DecodeFromChars(cursor, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 8)
        {
            return false;
        }

        seq = BitConverter.ToInt64(bytes);
        return seq >= 0;
    }
}
