using System.Globalization;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>What the <c>_RuleNode</c> partial renders: one node of the builder's tree, and the page it belongs to.</summary>
public sealed record RuleNodeView(SegmentBuilderModel Page, RuleNode Node)
{
    public int Index => Node.Index;

    public RuleRow Row => Node.Row;

    public string Key => SegmentBuilderModel.RowKey(Index);

    /// <summary>The form name of one of this row's fields: <c>Rules[2].Op</c>.</summary>
    public string Name(string field) => Key + "." + field;

    /// <summary>The id <c>asp-for</c> would give that field: <c>Rules_2__Op</c>.</summary>
    public string Id(string field) => string.Create(CultureInfo.InvariantCulture, $"Rules_{Index}__{field}");

    /// <summary>Groups nest at most four deep, the top one included; the builder offers no deeper group.</summary>
    public bool CanNestGroup => Row.Depth < Waymark.Segments.Rules.RuleParser.MaxDepth - 1;

    public RuleNodeView Child(RuleNode child) => new(Page, child);
}
