using System.Buffers.Binary;

namespace Waymark.Crypto.Keys;

/// <summary>
/// A subject's pseudonymous id inside the database: a keyed HMAC of its kind and id, truncated to 128 bits.
/// The plain id never reaches a row; it is kept only sealed under the subject's own key.
/// </summary>
public readonly record struct SubjectHash(UInt128 Value)
{
    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return bytes;
    }

    public static SubjectHash FromBytes(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt128BigEndian(bytes));

    public override string ToString() => Value.ToString("x32", null);
}
