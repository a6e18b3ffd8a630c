namespace Waymark.Dashboard.Pages.Segments;

/// <summary>
/// One line of the segment list. <see cref="Count"/> is null when the segment was not counted (past the first
/// <see cref="IndexModel.CountedSegments"/>) or no longer parses under the data classes, which <see cref="Summary"/> says.
/// </summary>
public sealed record SegmentListItem(string Id, string Name, string Summary, long? Count, DateTimeOffset UpdatedAt);
