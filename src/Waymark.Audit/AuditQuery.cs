using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit.Schema;

namespace Waymark.Audit;

/// <summary>Reads one workspace's audit entries, for the audit API and the dashboard. Reading here is not itself audited: callers record it.</summary>
public sealed class AuditQuery
{
    public const int MaxLimit = 500;

    private readonly AuditContexts _contexts;

    internal AuditQuery(AuditContexts contexts) => _contexts = contexts;

    /// <summary>Whether <paramref name="cursor"/> is one this query handed out (or null, for the first page).</summary>
    public static bool IsValidCursor(string? cursor) => PageCursor.TryDecode(cursor, out _);

    /// <summary>A page of matching entries, newest first. Pass the previous page's <see cref="AuditPage.NextCursor"/> for the next one.</summary>
    public async Task<AuditPage> ListAsync(long workspaceId, AuditFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (!PageCursor.TryDecode(cursor, out var before))
        {
            throw new ArgumentException("Not a cursor from a previous page.", nameof(cursor));
        }

        await using var db = _contexts.Create();
        var query = Matching(db, workspaceId, filter);
        if (before is { } seq)
        {
            query = query.Where(e => e.Seq < seq);
        }

        var rows = await query.OrderByDescending(e => e.Seq).Take(limit + 1).ToListAsync(cancellationToken);
        var more = rows.Count > limit;
        var entries = rows.Take(limit).Select(ToView).ToList();
        return new AuditPage(entries, more ? PageCursor.Encode(entries[^1].Seq) : null);
    }

    /// <summary>Every matching entry in chain order (oldest first), read as it is sent rather than all at once.</summary>
    public IAsyncEnumerable<AuditEntryView> StreamAsync(long workspaceId, AuditFilter filter, CancellationToken cancellationToken = default) =>
        StreamAsync(workspaceId, filter, upToSeq: null, cancellationToken);

    internal async IAsyncEnumerable<AuditEntryView> StreamAsync(long workspaceId, AuditFilter filter, long? upToSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = _contexts.Create();
        var query = Matching(db, workspaceId, filter);
        if (upToSeq is { } last)
        {
            query = query.Where(e => e.Seq <= last);
        }

        await foreach (var row in query.OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ToView(row);
        }
    }

    /// <summary>How many of the workspace's entries match, for detectors that count events in a window.</summary>
    public async Task<int> CountAsync(long workspaceId, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = _contexts.Create();
        return await Matching(db, workspaceId, filter).CountAsync(cancellationToken);
    }

    /// <summary>The seq of the workspace's newest entry (0 when it has none).</summary>
    internal async Task<long> LastSeqAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        return await db.Entries.Where(e => e.WorkspaceId == workspaceId).MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
    }

    private static IQueryable<AuditEntryRow> Matching(AuditDbContext db, long workspaceId, AuditFilter filter)
    {
        var query = db.Entries.AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.ActorId is { } actorId)
        {
            query = query.Where(e => e.ActorId == actorId);
        }

        if (filter.ActorKind is { } kind)
        {
            var name = AuditNames.Of(kind);
            query = query.Where(e => e.ActorKind == name);
        }

        if (filter.Outcome is { } outcome)
        {
            var name = AuditNames.Of(outcome);
            query = query.Where(e => e.Outcome == name);
        }

        if (filter.TargetType is { } targetType)
        {
            query = query.Where(e => e.TargetType == targetType);
        }

        if (filter.TargetId is { } targetId)
        {
            query = query.Where(e => e.TargetId == targetId);
        }

        if (filter.SourceIp is { } sourceIp)
        {
            query = query.Where(e => e.SourceIp == sourceIp);
        }

        if (filter.From is { } from)
        {
            var ms = from.ToUnixTimeMilliseconds();
            query = query.Where(e => e.Time >= ms);
        }

        if (filter.To is { } to)
        {
            var ms = to.ToUnixTimeMilliseconds();
            query = query.Where(e => e.Time < ms);
        }

        return query;
    }

    internal static AuditEntryView ToView(AuditEntryRow row)
    {
        // Stored names are checked by 'waymark audit verify'; an unknown one (an edited row) is shown as the least trusted kind.
        var kind = AuditNames.TryParseActorKind(row.ActorKind, out var k) ? k : AuditActorKind.Anonymous;
        var outcome = AuditNames.TryParseOutcome(row.Outcome, out var o) ? o : AuditOutcome.Failure;
        return new AuditEntryView(
            row.WorkspaceId,
            row.Seq,
            DateTimeOffset.FromUnixTimeMilliseconds(row.Time),
            new AuditActor(kind, row.ActorId),
            row.Action,
            row.TargetType,
            row.TargetId,
            outcome,
            row.SourceIp,
            row.RequestId,
            ParseDetails(row.Details),
            Convert.ToHexStringLower(row.Hash),
            Convert.ToHexStringLower(row.PrevHash));
    }

    private static Dictionary<string, string>? ParseDetails(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string> { ["unreadable"] = json };
        }
    }
}
