using Waymark.Experiences.Authoring;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>The sentences the pages use for where a flow's or checklist's versions are.</summary>
internal static class ContentNotices
{
    public static string Where(ContentSummary content) =>
        $"{(content.DraftVersion is { } draft ? $"Version {draft} is the draft" : "There is no draft: saving starts one")}; " +
        $"production: {Live(content.ProductionVersion)}; staging: {Live(content.StagingVersion)}.";

    public static string Live(int? version) => version is { } v ? $"version {v} live" : "not published";
}
