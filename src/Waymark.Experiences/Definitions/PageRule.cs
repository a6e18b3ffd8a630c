using System.Text.Json.Serialization;

namespace Waymark.Experiences.Definitions;

/// <summary>
/// Which page paths content appears on. <c>pattern</c> is a glob with <c>*</c> only, matched without regular
/// expressions, so a rule cannot be made to backtrack for long on a crafted path.
/// </summary>
internal sealed record PageRule(
    [property: JsonPropertyName("match")] string Match,
    [property: JsonPropertyName("value")] string Value)
{
    public static readonly string[] Matches = ["equals", "starts_with", "contains", "pattern"];

    public bool IsMatch(string path) => Match switch
    {
        "equals" => string.Equals(path, Value, StringComparison.Ordinal),
        "starts_with" => path.StartsWith(Value, StringComparison.Ordinal),
        "contains" => path.Contains(Value, StringComparison.Ordinal),
        _ => Glob(path, Value),
    };

    /// <summary>Greedy wildcard matching with one backtrack point: linear in practice, never exponential.</summary>
    private static bool Glob(string text, string pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
