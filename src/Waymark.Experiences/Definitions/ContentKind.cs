namespace Waymark.Experiences.Definitions;

/// <summary>What a piece of content is; the numbers are stored in <c>content_items.kind</c> and never change.</summary>
internal enum ContentKind
{
    Flow = 1,
    Checklist = 2,
}

internal static class ContentKinds
{
    public static string IdPrefix(this ContentKind kind) => kind == ContentKind.Flow ? "flw_" : "chk_";

    public static string Noun(this ContentKind kind) => kind == ContentKind.Flow ? "Flow" : "Checklist";

    public static string Path(this ContentKind kind) => kind == ContentKind.Flow ? "flows" : "checklists";

    public static ContentKind? OfId(string id) =>
        id.StartsWith("flw_", StringComparison.Ordinal) ? ContentKind.Flow
        : id.StartsWith("chk_", StringComparison.Ordinal) ? ContentKind.Checklist
        : null;
}
