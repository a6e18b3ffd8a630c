using Waymark.Experiences.Authoring;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// What the flows, checklists and surveys lists show: the items, and where an item's pages are; surveys link their
/// results too (<paramref name="HasResults"/>).
/// </summary>
internal sealed record ContentListView(string Ws, string Noun, string EditorPath, IReadOnlyList<ContentSummary> Items, bool CanReadProgress, bool HasResults = false);
