using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.Workspaces;

/// <summary>Creates and lists workspaces. A workspace is born with its encryption key, one write key and one server key.</summary>
public sealed class WorkspaceService
{
    private readonly WorkspaceContexts _contexts;
    private readonly KeyRing _keyRing;
    private readonly TimeProvider _clock;
    private readonly IAuditLog _audit;

    internal WorkspaceService(WorkspaceContexts contexts, KeyRing keyRing, TimeProvider clock, IAuditLog audit)
    {
        _audit = audit;
        _contexts = contexts;
        _keyRing = keyRing;
        _clock = clock;
    }

    /// <summary>Creates a workspace; <paramref name="creator"/> is null when an operator runs the CLI.</summary>
    public async Task<CreatedWorkspace> CreateAsync(string name, Caller? creator = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ArgumentException("A workspace name is 1 to 200 characters.", nameof(name));
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var workspace = new WorkspaceRow { PublicId = "ws_" + RandomNumberGenerator.GetHexString(16, lowercase: true), Name = name.Trim(), CreatedAt = now };
        var writeKey = ApiKeySecrets.New(ApiKeyKind.Write);
        var serverKey = ApiKeySecrets.New(ApiKeyKind.Server);

        await using var db = _contexts.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);
        db.ApiKeys.Add(KeyService.NewRow(workspace.Id, ApiKeyKind.Write, "Write key", writeKey, ApiKeyScopes.WriteKey, now, creator?.AccountId));
        db.ApiKeys.Add(KeyService.NewRow(workspace.Id, ApiKeyKind.Server, "Server key", serverKey, ApiKeyScopes.FullServerKey, now, creator?.AccountId));
        await db.SaveChangesAsync(cancellationToken);
        await _keyRing.CreateWorkspaceKeyAsync(workspace.Id, db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await _audit.RecordAsync((creator ?? Caller.Operator()).Audit(workspace.Id, AuditActions.WorkspaceCreated, AuditOutcome.Success, "workspace", workspace.PublicId), cancellationToken);
        return new CreatedWorkspace(workspace.PublicId, writeKey, serverKey) { InternalId = workspace.Id };
    }

    public async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var rows = await db.Workspaces
            .OrderBy(w => w.Id)
            .Select(w => new { w.PublicId, w.Name, w.CreatedAt, Keys = db.ApiKeys.Count(k => k.WorkspaceId == w.Id && k.RevokedAt == null) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new WorkspaceSummary(r.PublicId, r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.Keys)).ToList();
    }

    /// <summary>Name and public id of workspaces by internal id, for pages that list a person's workspaces.</summary>
    public async Task<IReadOnlyDictionary<long, (string PublicId, string Name)>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var rows = await db.Workspaces.Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, w.PublicId, w.Name }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => (r.PublicId, r.Name));
    }

    public async Task<Outcome<string>> RenameAsync(Caller caller, long workspaceId, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return Refusal.Invalid("invalid-name", "Invalid workspace name", "A workspace name is 1 to 200 characters.");
        }

        if (!caller.Has(Permissions.SettingsManage))
        {
            return Refusal.Forbidden("Renaming the workspace needs the settings:manage permission.");
        }

        await using var db = _contexts.Create();
        await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, name), cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SettingsChanged, AuditOutcome.Success, "workspace", null, new Dictionary<string, string> { ["setting"] = "name" }), cancellationToken);
        return name;
    }

    /// <summary>The internal id of a workspace, for operator commands that name it by its public id.</summary>
    public async Task<long?> FindIdAsync(string publicId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await db.Workspaces.Where(w => w.PublicId == publicId).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
