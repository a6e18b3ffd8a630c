using System.Collections.Frozen;

namespace Waymark.Workspaces.DataClasses;

/// <summary>The one place that decides a key's data class, for one workspace.</summary>
/// <param name="classes">The keys classified explicitly.</param>
/// <param name="hipaaMode">
/// When on, every key not classified explicitly is PHI rather than personal, so health data sent under a key nobody
/// thought to classify is never readable without <c>phi:read</c>.
/// </param>
public sealed class DataClassMap(IReadOnlyDictionary<string, DataClass> classes, bool hipaaMode = false)
{
    private readonly FrozenDictionary<string, DataClass> _classes = classes.ToFrozenDictionary(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DataClass> Explicit => _classes;

    public bool HipaaMode { get; } = hipaaMode;

    /// <summary>The class of every key not classified explicitly.</summary>
    public DataClass Default => HipaaMode ? DataClass.Phi : DataClass.Personal;

    /// <summary>
    /// Waymark's own progress properties (which flow, which step) and survey answer shapes (which question, the score,
    /// the chosen option ids): ids and numbers the author defined, never free text, and needed in SQL by analytics and
    /// targeting. No workspace setting can make them anything else. A survey's free text (<c>$answer_text</c>) is
    /// deliberately not here: it takes the workspace's default class and is sealed.
    /// </summary>
    public static readonly FrozenSet<string> ReservedPublicKeys = FrozenSet.ToFrozenSet(["$content_id", "$content_version", "$step", "$step_id", "$question_id", "$question_type", "$score", "$choices"], StringComparer.Ordinal);

    public DataClass Classify(string key) => ReservedPublicKeys.Contains(key) ? DataClass.Public : _classes.GetValueOrDefault(key, Default);
}
