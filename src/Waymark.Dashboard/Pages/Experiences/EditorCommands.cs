using System.Globalization;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// The editors' structural buttons (<c>add-step</c>, <c>remove-task:2</c>, <c>up:1</c>, <c>remove-button:2:1</c>…):
/// a verb and up to two positions. Out-of-range positions change nothing, since a form may be stale.
/// </summary>
public readonly record struct EditorCommand(string Verb, int At, int Second)
{
    public static EditorCommand Parse(string command)
    {
        var parts = command.Split(':');
        return new EditorCommand(parts[0], Position(parts, 1), Position(parts, 2));
    }

    /// <summary>Adds (<c>add-{noun}</c>), removes (<c>remove-{noun}</c>, keeping one) or moves (<c>up</c>, <c>down</c>) a row of <paramref name="rows"/>.</summary>
    public bool ApplyTo<T>(List<T> rows, string noun, int max)
        where T : new()
    {
        var inRows = At >= 0 && At < rows.Count;
        if (Verb == "add-" + noun && rows.Count < max)
        {
            rows.Add(new T());
        }
        else if (Verb == "remove-" + noun && inRows && rows.Count > 1)
        {
            rows.RemoveAt(At);
        }
        else if (Verb == "up" && inRows && At > 0)
        {
            (rows[At - 1], rows[At]) = (rows[At], rows[At - 1]);
        }
        else if (Verb == "down" && inRows && At < rows.Count - 1)
        {
            (rows[At + 1], rows[At]) = (rows[At], rows[At + 1]);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static int Position(string[] parts, int index) =>
        parts.Length > index && int.TryParse(parts[index], CultureInfo.InvariantCulture, out var n) ? n : -1;
}
