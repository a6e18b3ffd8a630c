using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Jobs.Running;
using Waymark.Jobs.Schema;

namespace Waymark.Jobs;

/// <summary>Reads a workspace's jobs for the API and the dashboard; another workspace's jobs are never found.</summary>
public sealed class JobQuery
{
    public const int MaxLimit = 200;

    private readonly JobContexts _contexts;
    private readonly TimeProvider _clock;

    internal JobQuery(JobContexts contexts, TimeProvider clock)
    {
        _contexts = contexts;
        _clock = clock;
    }

    public static bool IsValidCursor(string? cursor) => PageCursor.TryDecode(cursor, out _);

    public async Task<JobPage> ListAsync(long workspaceId, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (!PageCursor.TryDecode(cursor, out var before))
        {
            throw new ArgumentException("Not a job list cursor.", nameof(cursor));
        }

        await using var db = _contexts.Create();
        var query = db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == workspaceId);
        if (before is { } id)
        {
            query = query.Where(j => j.Id < id);
        }

        var rows = await query.OrderByDescending(j => j.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? PageCursor.Encode(rows[limit - 1].Id) : null;
        return new JobPage(rows.Take(limit).Select(ToView).ToList(), next);
    }

    public async Task<JobView?> FindAsync(long workspaceId, string jobId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        var row = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.PublicId == jobId && j.WorkspaceId == workspaceId, cancellationToken);
        return row is null ? null : ToView(row);
    }

    private JobView ToView(JobRow row)
    {
        DateTimeOffset? start = row.StartTime is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null;
        DateTimeOffset? end = row.EndTime is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null;
        double? elapsed = start is { } from ? Math.Max(0, ((end ?? _clock.GetUtcNow()) - from).TotalSeconds) : null;
        return new JobView(
            row.PublicId,
            row.Type,
            JobStatuses.Parse(row.Status),
            row.TotalRows,
            row.CompletedRows,
            row.FailedRows,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            start,
            end,
            elapsed is { } seconds ? Math.Round(seconds, 3) : null,
            JobErrorsJson.Read(row.Errors));
    }
}
