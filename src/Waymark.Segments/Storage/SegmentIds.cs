using System.Security.Cryptography;

namespace Waymark.Segments.Storage;

/// <summary>Segment ids: <c>seg_</c> and 16 random lowercase hex characters (64 bits).</summary>
internal static class SegmentIds
{
    public const string Prefix = "seg_";

    public static string New() => Prefix + RandomNumberGenerator.GetHexString(16, lowercase: true);
}
