using Waymark.Experiences.Authoring;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>What the flows and checklists lists show: the items, and where an item's pages are.</summary>
internal sealed record ContentListView(string Ws, string Noun, string EditorPath, IReadOnlyList<ContentSummary> Items, bool CanReadProgress);
