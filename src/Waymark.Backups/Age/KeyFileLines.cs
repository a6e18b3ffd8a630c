namespace Waymark.Backups.Age;

/// <summary>The lines of an age identity or recipients file that hold a key.</summary>
internal static class KeyFileLines
{
    public static IEnumerable<string> Meaningful(IEnumerable<string> lines) =>
        lines.Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));
}
