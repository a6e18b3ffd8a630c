namespace Waymark.Experiences.Definitions;

/// <summary>What a piece of content is; the numbers are stored in <c>content_items.kind</c> and never change.</summary>
internal enum ContentKind
{
    Flow = 1,
    Checklist = 2,
    Survey = 3,
}

internal static class ContentKinds
{
    public static readonly ContentKind[] All = [ContentKind.Flow, ContentKind.Checklist, ContentKind.Survey];

    public static string IdPrefix(this ContentKind kind) => kind switch
    {
        ContentKind.Flow => "flw_",
        ContentKind.Checklist => "chk_",
        _ => "srv_",
    };

    public static string Noun(this ContentKind kind) => kind switch
    {
        ContentKind.Flow => "Flow",
        ContentKind.Checklist => "Checklist",
        _ => "Survey",
    };

    public static string Path(this ContentKind kind) => kind switch
    {
        ContentKind.Flow => "flows",
        ContentKind.Checklist => "checklists",
        _ => "surveys",
    };

    public static ContentKind? OfId(string id) =>
        id.StartsWith("flw_", StringComparison.Ordinal) ? ContentKind.Flow
        : id.StartsWith("chk_", StringComparison.Ordinal) ? ContentKind.Checklist
        : id.StartsWith("srv_", StringComparison.Ordinal) ? ContentKind.Survey
        : null;
}
