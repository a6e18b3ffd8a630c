using Microsoft.EntityFrameworkCore;
using Waymark.Audit.Schema;

namespace Waymark.Audit.Tail;

/// <summary>
/// Hands each named consumer (a detector, the access-review trigger) every audit entry of every chain once, in chain
/// order, so features react to what happened without the code that recorded it knowing them, in whichever process
/// recorded it. Cursors live in <c>audit_cursors</c>: several workers may read at once; the one whose
/// <see cref="ClaimAsync"/> wins acts on the batch, the others drop it (at most once: a worker that dies between
/// claiming and acting loses that batch).
/// </summary>
public sealed class AuditTail
{
    /// <summary>The cursor row that marks a consumer as started; chains created later are read from their start.</summary>
    private const long StartedMarker = -1;

    private readonly AuditContexts _contexts;

    internal AuditTail(AuditContexts contexts) => _contexts = contexts;

    /// <summary>
    /// The next entries for <paramref name="consumer"/>, oldest first within each chain, at most <paramref name="limit"/>.
    /// A consumer's first read starts at the current end of every chain: it reacts to what happens from then on.
    /// </summary>
    public async Task<AuditTailBatch> ReadAsync(string consumer, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var db = _contexts.Create();
        var cursors = await db.Cursors.AsNoTracking().Where(c => c.Consumer == consumer).ToDictionaryAsync(c => c.WorkspaceId, c => c.Seq, cancellationToken);
        var heads = await db.Heads.AsNoTracking().ToDictionaryAsync(h => h.WorkspaceId, h => h.Seq, cancellationToken);
        if (!cursors.ContainsKey(StartedMarker))
        {
            return new AuditTailBatch(consumer, [], heads.ToDictionary(h => h.Key, _ => (long?)null), heads, IsStart: true);
        }

        var entries = new List<AuditEntryView>();
        var from = new Dictionary<long, long?>();
        var to = new Dictionary<long, long>();
        foreach (var (workspaceId, head) in heads.OrderBy(h => h.Key))
        {
            var known = cursors.TryGetValue(workspaceId, out var seq);
            var after = known ? seq : 0;
            if (head <= after || entries.Count >= limit)
            {
                continue;
            }

            var rows = await db.Entries.AsNoTracking()
                .Where(e => e.WorkspaceId == workspaceId && e.Seq > after)
                .OrderBy(e => e.Seq)
                .Take(limit - entries.Count)
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                continue;
            }

            entries.AddRange(rows.Select(AuditQuery.ToView));
            from[workspaceId] = known ? seq : null;
            to[workspaceId] = rows[^1].Seq;
        }

        return new AuditTailBatch(consumer, entries, from, to, IsStart: false);
    }

    /// <summary>
    /// Moves the consumer's cursors past <paramref name="batch"/>. True when this caller moved them and should act on the
    /// batch; false when another process read and claimed the same entries first.
    /// </summary>
    public async Task<bool> ClaimAsync(AuditTailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.To.Count == 0 && !batch.IsStart)
        {
            return false;
        }

        await using var db = _contexts.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moves = batch.IsStart ? batch.From.Keys.Select(ws => (ws, (long?)null, batch.To[ws])).Append((StartedMarker, null, 0)) : batch.To.Select(t => (t.Key, batch.From[t.Key], t.Value));
        foreach (var (workspaceId, from, to) in moves)
        {
            var changed = from is { } seq
                ? await db.Cursors.Where(c => c.Consumer == batch.Consumer && c.WorkspaceId == workspaceId && c.Seq == seq)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Seq, to), cancellationToken)
                : await InsertAsync(db, batch.Consumer, workspaceId, to, cancellationToken);
            if (changed == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return !batch.IsStart;
    }

    private static async Task<int> InsertAsync(AuditDbContext db, string consumer, long workspaceId, long seq, CancellationToken cancellationToken)
    {
        var exists = await db.Cursors.AnyAsync(c => c.Consumer == consumer && c.WorkspaceId == workspaceId, cancellationToken);
        if (exists)
        {
            return 0;
        }

        db.Cursors.Add(new AuditCursorRow { Consumer = consumer, WorkspaceId = workspaceId, Seq = seq });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateException)
        {
            return 0;
        }
    }
}

/// <summary>
/// Entries read for one consumer, and where its cursors were (<see cref="From"/>, null for a chain it had not read)
/// and will be (<see cref="To"/>) per chain.
/// </summary>
public sealed record AuditTailBatch(
    string Consumer,
    IReadOnlyList<AuditEntryView> Entries,
    IReadOnlyDictionary<long, long?> From,
    IReadOnlyDictionary<long, long> To,
    bool IsStart);
