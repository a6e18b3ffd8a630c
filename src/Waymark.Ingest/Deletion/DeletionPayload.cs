using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// What a deletion job is given: the kind and, per valid row of the request, the subject's keyed hash and its row
/// number. Ids never reach the jobs table; the hashes are all the purge needs.
/// </summary>
internal sealed record DeletionPayload(SubjectKind Kind, IReadOnlyList<(int Row, SubjectHash Subject)> Rows)
{
    private const int RowBytes = 4 + 16;

    public byte[] Encode()
    {
        var bytes = new byte[1 + (Rows.Count * RowBytes)];
        bytes[0] = (byte)Kind;
        var offset = 1;
        foreach (var (row, subject) in Rows)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(offset, 4), row);
            subject.ToBytes().CopyTo(bytes, offset + 4);
            offset += RowBytes;
        }

        return bytes;
    }

    public static DeletionPayload Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 1 || (bytes.Length - 1) % RowBytes != 0)
        {
            throw new FormatException("A deletion job's payload is malformed.");
        }

        var rows = new List<(int, SubjectHash)>((bytes.Length - 1) / RowBytes);
        for (var offset = 1; offset < bytes.Length; offset += RowBytes)
        {
            rows.Add((BitConverter.ToInt32(bytes.Slice(offset, 4)), SubjectHash.FromBytes(bytes.Slice(offset + 4, 16))));
        }

        return new DeletionPayload((SubjectKind)bytes[0], rows);
    }
}
