using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Segments.Catalog;
using Waymark.Segments.Rules;
using Waymark.Segments.Schema;
using Waymark.Workspaces.Callers;

namespace Waymark.Segments.Storage;

/// <summary>
/// Creates, changes and deletes a workspace's segments, each change audited (id and name, never rule values) and
/// dropped from this process's <see cref="SegmentCatalog"/>. Conditions are validated before anything is stored.
/// </summary>
internal sealed class SegmentStore(SegmentsContexts contexts, SegmentRules rules, SegmentCatalog catalog, IAuditLog audit, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    public async Task<IReadOnlyList<SegmentRow>> ListAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var rows = await db.Segments.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return rows.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<SegmentRow?> GetAsync(long workspaceId, string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.Id == id, cancellationToken);
    }

    public async Task<Outcome<SegmentRow>> CreateAsync(Caller caller, long workspaceId, string? name, JsonElement conditions, CancellationToken cancellationToken)
    {
        var checkedName = CheckName(name);
        if (checkedName.Refusal is { } nameRefusal)
        {
            return nameRefusal;
        }

        var parsed = await rules.ParseAsync(workspaceId, conditions, cancellationToken);
        if (parsed.Refusal is { } ruleRefusal)
        {
            return ruleRefusal;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var actor = ActorOf(caller);
        var row = new SegmentRow
        {
            Id = SegmentIds.New(),
            WorkspaceId = workspaceId,
            Name = checkedName.Value!,
            Definition = conditions.GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = actor,
            UpdatedBy = actor,
        };
        await using var db = contexts.Create();
        if (await NameTakenAsync(db, workspaceId, row.Name, null, cancellationToken))
        {
            return NameTaken();
        }

        db.Segments.Add(row);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return NameTaken();
        }

        await AuditAsync(caller, workspaceId, AuditActions.SegmentCreated, row, cancellationToken);
        return row;
    }

    public async Task<Outcome<SegmentRow>> UpdateAsync(Caller caller, long workspaceId, string id, string? name, JsonElement conditions, CancellationToken cancellationToken)
    {
        var checkedName = CheckName(name);
        if (checkedName.Refusal is { } nameRefusal)
        {
            return nameRefusal;
        }

        var parsed = await rules.ParseAsync(workspaceId, conditions, cancellationToken);
        if (parsed.Refusal is { } ruleRefusal)
        {
            return ruleRefusal;
        }

        await using var db = contexts.Create();
        var row = await db.Segments.FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.Id == id, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Segment");
        }

        if (await NameTakenAsync(db, workspaceId, checkedName.Value!, id, cancellationToken))
        {
            return NameTaken();
        }

        row.Name = checkedName.Value!;
        row.Definition = conditions.GetRawText();
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        row.UpdatedBy = ActorOf(caller);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return NameTaken();
        }

        await AuditAsync(caller, workspaceId, AuditActions.SegmentUpdated, row, cancellationToken);
        return row;
    }

    public async Task<bool> DeleteAsync(Caller caller, long workspaceId, string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Segments.FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.Id == id, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.Segments.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(caller, workspaceId, AuditActions.SegmentDeleted, row, cancellationToken);
        return true;
    }

    private static Outcome<string> CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is 0 or > MaxNameLength || trimmed.Any(char.IsControl)
            ? Refusal.Invalid("invalid-segment-name", "Invalid segment name", $"Give the segment a name of 1 to {MaxNameLength} characters, such as \"Trial admins\".")
            : trimmed;
    }

    private static Refusal NameTaken() =>
        Refusal.Conflict("segment-name-taken", "Segment name in use", "Another segment of this workspace has this name. Choose another name, or change that segment.");

    private static async Task<bool> NameTakenAsync(SegmentsDbContext db, long workspaceId, string name, string? exceptId, CancellationToken cancellationToken) =>
        await db.Segments.AnyAsync(s => s.WorkspaceId == workspaceId && s.Name == name && s.Id != exceptId, cancellationToken);

    /// <summary>Saves; false when a concurrent request took the name first (the unique index refused the row).</summary>
    private static async Task<bool> TrySaveAsync(SegmentsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static string ActorOf(Caller caller) =>
        caller.Actor.Id is null ? AuditNames.Of(caller.Actor.Kind) : AuditNames.Of(caller.Actor.Kind) + ":" + caller.Actor.Id;

    private async Task AuditAsync(Caller caller, long workspaceId, string action, SegmentRow row, CancellationToken cancellationToken)
    {
        catalog.Invalidate(workspaceId);
        await audit.RecordAsync(caller.Audit(workspaceId, action, AuditOutcome.Success, "segment", row.Id, new Dictionary<string, string>
        {
            ["name"] = row.Name,
            ["definition_bytes"] = row.Definition.Length.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
    }
}
