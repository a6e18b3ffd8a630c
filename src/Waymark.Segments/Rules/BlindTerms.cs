using System.Buffers.Binary;

namespace Waymark.Segments.Rules;

/// <summary>Blind-index terms (16 bytes, see <c>WorkspaceKeys.BlindIndexTerm</c>) as 128-bit values.</summary>
internal static class BlindTerms
{
    public const int Length = 16;

    public static UInt128 KeyOf(ReadOnlySpan<byte> term) =>
        term.Length == Length ? BinaryPrimitives.ReadUInt128BigEndian(term) : throw new ArgumentException("A blind-index term is 16 bytes.", nameof(term));
}
