namespace Waymark.Analytics.Queries;

/// <summary>
/// Counts gathered in one pass over the rows a query reads: per key, either rows (their counts summed) or distinct
/// subjects. Totals over several keys add counts but unite subjects, so a user seen under two keys is one user.
/// </summary>
internal sealed class Tally<TKey>(bool distinctUsers)
    where TKey : notnull
{
    private readonly Dictionary<TKey, long> _counts = [];
    private readonly Dictionary<TKey, HashSet<byte[]>> _subjects = [];

    public IEnumerable<TKey> Keys => distinctUsers ? _subjects.Keys : _counts.Keys;

    public void Add(TKey key, byte[] subject, long count)
    {
        if (distinctUsers)
        {
            (_subjects.TryGetValue(key, out var set) ? set : _subjects[key] = new HashSet<byte[]>(SubjectComparer.Instance)).Add(subject);
        }
        else
        {
            _counts[key] = _counts.GetValueOrDefault(key) + count;
        }
    }

    public long Of(TKey key) => distinctUsers ? _subjects.GetValueOrDefault(key)?.Count ?? 0 : _counts.GetValueOrDefault(key);

    public long Of(IEnumerable<TKey> keys)
    {
        if (!distinctUsers)
        {
            return keys.Sum(k => _counts.GetValueOrDefault(k));
        }

        var union = new HashSet<byte[]>(SubjectComparer.Instance);
        foreach (var key in keys)
        {
            if (_subjects.TryGetValue(key, out var set))
            {
                union.UnionWith(set);
            }
        }

        return union.Count;
    }
}
