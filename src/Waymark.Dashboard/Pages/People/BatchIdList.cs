namespace Waymark.Dashboard.Pages.People;

/// <summary>The ids of the batch deletion form: one per line, surrounding spaces and empty lines ignored (pasted lists carry both).</summary>
internal static class BatchIdList
{
    public static IReadOnlyList<string> Parse(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : [.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)];
}
