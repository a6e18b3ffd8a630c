namespace Waymark.Dashboard.Pages.Segments;

/// <summary>A row of the form with the rows nested under it, when it is a group.</summary>
public sealed record RuleNode(int Index, RuleRow Row, IReadOnlyList<RuleNode> Children);

/// <summary>
/// The rows of the form read as a tree, and the edits the Add and Remove buttons make. Rows are in pre-order: a
/// group's children are the rows after it one level deeper, up to the next row at the group's depth or above.
/// </summary>
public static class RuleTree
{
    /// <summary>The root group, or null when the rows posted are not a tree (edited by hand, or cut short).</summary>
    public static RuleNode? Build(IReadOnlyList<RuleRow> rows)
    {
        if (rows.Count == 0 || !rows[0].IsGroup || rows[0].Depth != 0)
        {
            return null;
        }

        var next = 1;
        var root = Node(rows, 0, ref next);
        return next == rows.Count ? root : null;
    }

    /// <summary>Inserts a new row of <paramref name="type"/> as the last child of the group at <paramref name="group"/>.</summary>
    public static void Add(List<RuleRow> rows, int group, string type)
    {
        var at = group + 1;
        while (at < rows.Count && rows[at].Depth > rows[group].Depth)
        {
            at++;
        }

        rows.Insert(at, RuleRow.New(type, rows[group].Depth + 1));
    }

    /// <summary>Removes the row at <paramref name="index"/> and, for a group, every row under it.</summary>
    public static void Remove(List<RuleRow> rows, int index)
    {
        var end = index + 1;
        while (end < rows.Count && rows[end].Depth > rows[index].Depth)
        {
            end++;
        }

        rows.RemoveRange(index, end - index);
    }

    private static RuleNode Node(IReadOnlyList<RuleRow> rows, int index, ref int next)
    {
        var row = rows[index];
        var children = new List<RuleNode>();
        while (row.IsGroup && next < rows.Count && rows[next].Depth == row.Depth + 1)
        {
            var child = next++;
            children.Add(Node(rows, child, ref next));
        }

        return new RuleNode(index, row, children);
    }
}
