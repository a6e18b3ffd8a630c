using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Segments.Catalog;
using Waymark.Segments.Rules;
using Waymark.Segments.Sql;
using Waymark.Segments.Storage;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>The workspace's segments by name, each with its rules in one line and its users counted live.</summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel : WorkspacePageModel
{
    /// <summary>Each count is a query over every user; a page of them stays quick, a long list would not.</summary>
    public const int CountedSegments = 50;

    public IReadOnlyList<SegmentListItem> Segments { get; private set; } = [];

    /// <summary>The workspace's identified users, the "of M" of every count.</summary>
    public long? TotalUsers { get; private set; }

    public bool CanEdit => User.Has(Permissions.ContentEdit);

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var rows = await Service<SegmentStore>().ListAsync(WorkspaceId, cancellationToken);
        var parsed = await Service<SegmentCatalog>().GetAsync(WorkspaceId, cancellationToken);
        var counter = Service<SegmentCounter>();
        var items = new List<SegmentListItem>(rows.Count);
        foreach (var row in rows)
        {
            var rule = parsed.GetValueOrDefault(row.Id)?.Rule;
            long? count = null;
            if (rule is not null && items.Count < CountedSegments)
            {
                var (matching, total) = await counter.CountAsync(WorkspaceId, rule, cancellationToken);
                count = matching;
                TotalUsers = total;
            }

            items.Add(new SegmentListItem(
                row.Id,
                row.Name,
                rule is null ? "(no longer valid under the data classes: edit it)" : RuleSummary.Of(rule),
                count,
                DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt)));
        }

        Segments = items;
    }
}
