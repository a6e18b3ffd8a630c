using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Schema;
using Waymark.Segments.Catalog;
using Waymark.Workspaces.Callers;

namespace Waymark.Experiences.Authoring;

/// <summary>
/// Flows and checklists and their versions. Saving never changes a version that is live: it edits the draft, or starts
/// one. Publishing makes the draft live in one environment and is audited, as is every other change.
/// </summary>
internal sealed class ContentStore(ExperienceContexts contexts, IAuditLog audit, ContentRevisions revisions, SegmentCatalog segments, TimeProvider clock)
{
    public async Task<IReadOnlyList<ContentSummary>> ListAsync(long workspaceId, ContentKind kind, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var rows = await db.Content.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.Kind == (int)kind && c.ArchivedAt == null)
            .OrderByDescending(c => c.UpdatedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(ContentSummary.From).ToList();
    }

    public async Task<ContentDetail?> GetAsync(long workspaceId, string id, int? version, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Content.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var wanted = version ?? row.DraftVersion ?? row.LatestVersion;
        var stored = await db.Versions.AsNoTracking().SingleOrDefaultAsync(v => v.ContentId == id && v.Version == wanted, cancellationToken);
        return stored is null ? null : new ContentDetail(ContentSummary.From(row), wanted, JsonDocument.Parse(stored.Definition).RootElement.Clone());
    }

    public async Task<Outcome<ContentDetail>> CreateAsync(Caller caller, long workspaceId, ContentKind kind, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var document = ContentDocument.Read(kind, body.Span);
        if (document.Value is not { } doc)
        {
            return document.Refusal!;
        }

        await using var db = contexts.Create();
        if (await CheckReferencesAsync(db, workspaceId, doc, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new ContentRow
        {
            Id = kind.IdPrefix() + RandomNumberGenerator.GetHexString(16, lowercase: true),
            WorkspaceId = workspaceId,
            Kind = (int)kind,
            Name = doc.Name,
            LatestVersion = 1,
            DraftVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Content.Add(row);
        db.Versions.Add(new ContentVersionRow { ContentId = row.Id, Version = 1, Definition = doc.Json, CreatedAt = now, UpdatedAt = now, UpdatedBy = caller.AccountId });
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, workspaceId, AuditActions.ContentCreated, row, 1, null);
        return Detail(row, 1, doc.Json);
    }

    public async Task<Outcome<ContentDetail>> UpdateAsync(Caller caller, long workspaceId, string id, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await FindAsync(db, workspaceId, id, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }

        var document = ContentDocument.Read((ContentKind)row.Kind, body.Span);
        if (document.Value is not { } doc)
        {
            return document.Refusal!;
        }

        if (await CheckReferencesAsync(db, workspaceId, doc, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        int version;
        if (row.DraftVersion is { } draft)
        {
            version = draft;
            var stored = await db.Versions.SingleAsync(v => v.ContentId == id && v.Version == draft, cancellationToken);
            stored.Definition = doc.Json;
            stored.UpdatedAt = now;
            stored.UpdatedBy = caller.AccountId;
        }
        else
        {
            // What is live stays exactly as published: the edit becomes the next version, a draft.
            version = row.LatestVersion + 1;
            row.LatestVersion = version;
            row.DraftVersion = version;
            db.Versions.Add(new ContentVersionRow { ContentId = id, Version = version, Definition = doc.Json, CreatedAt = now, UpdatedAt = now, UpdatedBy = caller.AccountId });
        }

        row.Name = doc.Name;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, workspaceId, AuditActions.ContentUpdated, row, version, null);
        return Detail(row, version, doc.Json);
    }

    /// <summary>
    /// Makes a version live in <paramref name="environment"/>: the one asked for (promoting what staging tested), else
    /// the draft, else the latest. The draft stops being one, so what is live can no longer be edited in place.
    /// </summary>
    public async Task<Outcome<ContentSummary>> PublishAsync(Caller caller, long workspaceId, string id, string environment, int? requested, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await FindAsync(db, workspaceId, id, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }

        var version = requested ?? row.DraftVersion ?? row.LatestVersion;
        if (version < 1 || version > row.LatestVersion)
        {
            return Refusal.Invalid("unknown-version", "Unknown version", $"Versions 1 to {row.LatestVersion} exist; leave version out to publish the draft.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (environment == Environments.Production)
        {
            row.ProductionPublishedAt ??= now;
            row.ProductionVersion = version;
        }
        else
        {
            row.StagingPublishedAt ??= now;
            row.StagingVersion = version;
        }

        if (row.DraftVersion == version)
        {
            row.DraftVersion = null;
        }

        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await revisions.BumpAsync(workspaceId, cancellationToken);
        await RecordAsync(caller, workspaceId, AuditActions.ContentPublished, row, version, environment);
        return ContentSummary.From(row);
    }

    public async Task<Outcome<ContentSummary>> UnpublishAsync(Caller caller, long workspaceId, string id, string environment, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await FindAsync(db, workspaceId, id, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }

        var version = environment == Environments.Production ? row.ProductionVersion : row.StagingVersion;
        if (environment == Environments.Production)
        {
            row.ProductionVersion = null;
            row.ProductionPublishedAt = null;
        }
        else
        {
            row.StagingVersion = null;
            row.StagingPublishedAt = null;
        }

        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        await revisions.BumpAsync(workspaceId, cancellationToken);
        await RecordAsync(caller, workspaceId, AuditActions.ContentUnpublished, row, version, environment);
        return ContentSummary.From(row);
    }

    /// <summary>Takes the content off every environment and out of lists; its versions and users' progress stay for the record.</summary>
    public async Task<Outcome<ContentSummary>> ArchiveAsync(Caller caller, long workspaceId, string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await FindAsync(db, workspaceId, id, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        row.ArchivedAt = now;
        row.ProductionVersion = row.StagingVersion = null;
        row.ProductionPublishedAt = row.StagingPublishedAt = null;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await revisions.BumpAsync(workspaceId, cancellationToken);
        await RecordAsync(caller, workspaceId, AuditActions.ContentArchived, row, null, null);
        return ContentSummary.From(row);
    }

    private static Task<ContentRow?> FindAsync(ExperiencesDbContext db, long workspaceId, string id, CancellationToken cancellationToken) =>
        db.Content.SingleOrDefaultAsync(c => c.Id == id && c.WorkspaceId == workspaceId && c.ArchivedAt == null, cancellationToken);

    private async Task<Refusal?> CheckReferencesAsync(ExperiencesDbContext db, long workspaceId, ContentDocument doc, CancellationToken cancellationToken)
    {
        if (doc.SegmentId is { } segmentId && await segments.FindAsync(workspaceId, segmentId, cancellationToken) is null)
        {
            return Refusal.Invalid("unknown-segment", "Unknown segment", "targeting.segment_id names no segment of this workspace. Create the segment first, or send null to target everyone.");
        }

        foreach (var flowId in doc.FlowIds)
        {
            if (!await db.Content.AnyAsync(c => c.Id == flowId && c.WorkspaceId == workspaceId && c.Kind == (int)ContentKind.Flow && c.ArchivedAt == null, cancellationToken))
            {
                return Refusal.Invalid("unknown-flow", "Unknown flow", "A flow_id names no flow of this workspace. Create that flow first, or remove the reference.");
            }
        }

        return null;
    }

    private Task RecordAsync(Caller caller, long workspaceId, string action, ContentRow row, int? version, string? environment)
    {
        var details = new Dictionary<string, string> { ["kind"] = ((ContentKind)row.Kind).Noun().ToLowerInvariant() };
        if (version is { } v)
        {
            details["version"] = v.ToString(CultureInfo.InvariantCulture);
        }

        if (environment is not null)
        {
            details["environment"] = environment;
        }

        return audit.RecordAsync(caller.Audit(workspaceId, action, targetType: "content", targetId: row.Id, details: details), CancellationToken.None);
    }

    private static ContentDetail Detail(ContentRow row, int version, string json) =>
        new(ContentSummary.From(row), version, JsonDocument.Parse(json).RootElement.Clone());

    private static Refusal NotFound(string id) => Refusal.NotFound(ContentKinds.OfId(id)?.Noun() ?? "Content");
}
