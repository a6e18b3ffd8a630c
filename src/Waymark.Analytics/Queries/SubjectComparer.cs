namespace Waymark.Analytics.Queries;

/// <summary>Subject hashes as dictionary keys, compared by content.</summary>
internal sealed class SubjectComparer : IEqualityComparer<byte[]>
{
    public static readonly SubjectComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
