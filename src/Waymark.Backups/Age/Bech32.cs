using System.Text;

namespace Waymark.Backups.Age;

/// <summary>
/// Bech32 (BIP 173, not bech32m) as age uses it: without BIP 173's 90-character limit, and with the checksum
/// computed over the lower-case form even when the string is written in upper case (identities).
/// </summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var lowerHrp = hrp.ToLowerInvariant();
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = CreateChecksum(lowerHrp, values);
        var text = new StringBuilder(lowerHrp.Length + 1 + values.Count + ChecksumLength);
        text.Append(lowerHrp).Append('1');
        foreach (var value in values.Concat(checksum))
        {
            text.Append(Charset[value]);
        }

        return text.ToString();
    }

    /// <summary>Decodes <paramref name="text"/>, or returns false when it is not valid bech32.</summary>
    public static bool TryDecode(string text, out string hrp, out byte[] data)
    {
        hrp = "";
        data = [];
        if (text.Any(c => c < 33 || c > 126))
        {
            return false;
        }

        if (text.Any(char.IsAsciiLetterLower) && text.Any(char.IsAsciiLetterUpper))
        {
            return false;
        }

        var lower = text.ToLowerInvariant();

        var separator = lower.LastIndexOf('1');
        if (separator < 1 || separator + ChecksumLength + 1 > lower.Length)
        {
            return false;
        }

        var values = new List<byte>(lower.Length - separator - 1);
        foreach (var c in lower.AsSpan(separator + 1))
        {
            var value = Charset.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            values.Add((byte)value);
        }

        var candidateHrp = lower[..separator];
        if (Polymod(ExpandHrp(candidateHrp).Concat(values)) != 1)
        {
            return false;
        }

        var decoded = ConvertBits(values.Take(values.Count - ChecksumLength).ToArray(), 5, 8, pad: false);
        if (decoded is null)
        {
            return false;
        }

        hrp = candidateHrp;
        data = [.. decoded];
        return true;
    }

    private static List<byte> CreateChecksum(string hrp, List<byte> values)
    {
        var mod = Polymod(ExpandHrp(hrp).Concat(values).Concat(new byte[ChecksumLength])) ^ 1;
        var checksum = new List<byte>(ChecksumLength);
        for (var i = 0; i < ChecksumLength; i++)
        {
            checksum.Add((byte)((mod >> (5 * (5 - i))) & 31));
        }

        return checksum;
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint check = 1;
        foreach (var value in values)
        {
            var top = check >> 25;
            check = ((check & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < Generator.Length; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    check ^= Generator[i];
                }
            }
        }

        return check;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static List<byte>? ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
            {
                return null;
            }

            accumulator = (accumulator << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((accumulator >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((accumulator << (toBits - bits)) & maxValue));
            }
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            return null;
        }

        return result;
    }
}
