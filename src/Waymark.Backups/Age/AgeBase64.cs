namespace Waymark.Backups.Age;

/// <summary>Base64 as age writes it: standard alphabet, no padding, and only the canonical encoding accepted.</summary>
internal static class AgeBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    public static bool TryDecode(string text, out byte[] data)
    {
        data = [];
        if (text.Contains('=', StringComparison.Ordinal) || text.Length % 4 == 1)
        {
            return false;
        }

        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        data = buffer[..written];
        return Encode(data) == text;
    }
}
