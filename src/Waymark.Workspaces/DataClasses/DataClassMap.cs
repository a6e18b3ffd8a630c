using System.Collections.Frozen;

namespace Waymark.Workspaces.DataClasses;

/// <summary>The one place that decides a key's data class, for one workspace.</summary>
public sealed class DataClassMap(IReadOnlyDictionary<string, DataClass> classes)
{
    private readonly FrozenDictionary<string, DataClass> _classes = classes.ToFrozenDictionary(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DataClass> Explicit => _classes;

    public DataClass Classify(string key) => _classes.GetValueOrDefault(key, DataClass.Personal);
}
