using System.Security.Cryptography;
using System.Text;

namespace Waymark.Backups.Age;

/// <summary>Writes and reads the age v1 text header: version line, recipient stanzas, MAC line.</summary>
internal static class AgeHeader
{
    public const string VersionLine = "age-encryption.org/v1";
    private const int ColumnsPerLine = 64;
    private const int MaxLineLength = 4096;
    private const int MaxStanzas = 1024;
    private const int MaxHeaderLength = 1024 * 1024;
    private const string MacMarker = "---";

    public static byte[] Write(IReadOnlyList<AgeStanza> stanzas, ReadOnlySpan<byte> fileKey)
    {
        var text = new StringBuilder();
        text.Append(VersionLine).Append('\n');
        foreach (var stanza in stanzas)
        {
            text.Append("-> ").Append(stanza.Type);
            foreach (var argument in stanza.Arguments)
            {
                text.Append(' ').Append(argument);
            }

            text.Append('\n');
            var body = AgeBase64.Encode(stanza.Body);
            // The last body line is always shorter than a full line, so a body of whole lines ends with an empty one.
            for (var offset = 0; ; offset += ColumnsPerLine)
            {
                var line = body.Substring(offset, Math.Min(ColumnsPerLine, body.Length - offset));
                text.Append(line).Append('\n');
                if (line.Length < ColumnsPerLine)
                {
                    break;
                }
            }
        }

        text.Append(MacMarker);
        var macInput = AgeKeys.Ascii(text.ToString());
        var mac = AgeKeys.HeaderMac(fileKey, macInput);
        return [.. macInput, .. AgeKeys.Ascii($" {AgeBase64.Encode(mac)}\n")];
    }

    public static async Task<ParsedHeader> ReadAsync(AgeInput input, CancellationToken cancellationToken)
    {
        var raw = new List<byte>();
        var version = await ReadLineAsync(input, raw, cancellationToken);
        if (version != VersionLine)
        {
            throw Malformed("it does not start with \"age-encryption.org/v1\"; it may not be an age file at all");
        }

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var line = await ReadLineAsync(input, raw, cancellationToken);
            if (line.StartsWith("-> ", StringComparison.Ordinal))
            {
                if (stanzas.Count == MaxStanzas)
                {
                    throw Malformed("it has too many recipient stanzas");
                }

                stanzas.Add(await ReadStanzaAsync(input, raw, line, cancellationToken));
                continue;
            }

            if (line.StartsWith(MacMarker + " ", StringComparison.Ordinal))
            {
                if (stanzas.Count == 0)
                {
                    throw Malformed("it names no recipient");
                }

                if (!AgeBase64.TryDecode(line[(MacMarker.Length + 1)..], out var mac) || mac.Length != AgeKeys.MacLength)
                {
                    throw Malformed("its MAC line is not valid");
                }

                // The MAC covers the header up to and including "---", not the space and MAC after it.
                var macInput = raw.Take(raw.Count - (line.Length - MacMarker.Length) - 1).ToArray();
                return new ParsedHeader(stanzas, macInput, mac);
            }

            throw Malformed("it holds a line that is neither a recipient stanza nor the MAC line");
        }
    }

    public static bool MacMatches(ParsedHeader header, ReadOnlySpan<byte> fileKey) =>
        CryptographicOperations.FixedTimeEquals(AgeKeys.HeaderMac(fileKey, header.MacInput), header.Mac);

    private static async Task<AgeStanza> ReadStanzaAsync(AgeInput input, List<byte> raw, string firstLine, CancellationToken cancellationToken)
    {
        var parts = firstLine[3..].Split(' ');
        if (parts.Any(part => part.Length == 0))
        {
            throw Malformed("a recipient stanza has an empty argument");
        }

        var body = new List<byte>();
        while (true)
        {
            var line = await ReadLineAsync(input, raw, cancellationToken);
            if (line.Length > ColumnsPerLine || !AgeBase64.TryDecode(line, out var chunk))
            {
                throw Malformed("a recipient stanza body is not canonical base64 wrapped at 64 columns");
            }

            body.AddRange(chunk);
            if (line.Length < ColumnsPerLine)
            {
                return new AgeStanza(parts[0], parts[1..], [.. body]);
            }
        }
    }

    private static async Task<string> ReadLineAsync(AgeInput input, List<byte> raw, CancellationToken cancellationToken)
    {
        var line = await input.ReadLineAsync(MaxLineLength, cancellationToken)
            ?? throw Malformed("it ends inside the header or has an over-long header line");
        if (line.Any(b => b < 32 || b > 126))
        {
            throw Malformed("its header holds a byte that is not printable ASCII");
        }

        raw.AddRange(line);
        raw.Add((byte)'\n');
        if (raw.Count > MaxHeaderLength)
        {
            throw Malformed("its header is larger than any age header Waymark or the age CLI writes");
        }

        return Encoding.ASCII.GetString(line);
    }

    private static AgeException Malformed(string what) =>
        new(AgeFailure.MalformedHeader,
            $"This is not a readable age file: {what}. Check that you gave the right file and that it was copied completely (in binary mode, not as text).");
}

/// <summary>A header as read: its stanzas, the bytes its MAC covers, and the MAC.</summary>
internal sealed record ParsedHeader(IReadOnlyList<AgeStanza> Stanzas, byte[] MacInput, byte[] Mac);
