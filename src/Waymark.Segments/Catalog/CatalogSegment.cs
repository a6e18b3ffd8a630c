using Waymark.Api;
using Waymark.Segments.Rules;

namespace Waymark.Segments.Catalog;

/// <summary>
/// A saved segment, parsed. <see cref="Rule"/> is null (and <see cref="Problem"/> says why) when its conditions no longer
/// hold under the workspace's current data classes, such as a key since classified as PHI: such a segment matches nobody.
/// </summary>
internal sealed record CatalogSegment(string Id, string Name, SegmentRule? Rule, Refusal? Problem, IReadOnlySet<string> EventNames);
