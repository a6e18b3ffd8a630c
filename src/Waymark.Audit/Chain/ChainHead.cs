namespace Waymark.Audit.Chain;

/// <summary>The last entry of a chain: the next entry gets <c>Seq + 1</c> and links to <see cref="Hash"/>. An empty chain is seq 0 with the genesis hash.</summary>
internal readonly record struct ChainHead(long Seq, byte[] Hash)
{
    public static ChainHead Empty => new(0, AuditHash.Genesis);
}
