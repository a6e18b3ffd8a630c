using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Waymark.Crypto.Hashing;
using Waymark.Crypto.Keys;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.Workspaces;

/// <summary>Creates and lists workspaces. A workspace is born with its encryption key, one write key and one server key.</summary>
public sealed class WorkspaceService
{
    private readonly WorkspaceContexts _contexts;
    private readonly KeyRing _keyRing;
    private readonly TimeProvider _clock;

    internal WorkspaceService(WorkspaceContexts contexts, KeyRing keyRing, TimeProvider clock)
    {
        _contexts = contexts;
        _keyRing = keyRing;
        _clock = clock;
    }

    public async Task<CreatedWorkspace> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ArgumentException("A workspace name is 1 to 200 characters.", nameof(name));
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var workspace = new WorkspaceRow { PublicId = "ws_" + RandomNumberGenerator.GetHexString(16, lowercase: true), Name = name.Trim(), CreatedAt = now };
        var writeKey = SecretHash.NewSecret("wk_");
        var serverKey = SecretHash.NewSecret("sk_");

        await using var db = _contexts.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);
        db.ApiKeys.Add(NewKey(workspace.Id, ApiKeyKind.Write, writeKey, now));
        db.ApiKeys.Add(NewKey(workspace.Id, ApiKeyKind.Server, serverKey, now));
        await db.SaveChangesAsync(cancellationToken);
        await _keyRing.CreateWorkspaceKeyAsync(workspace.Id, db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedWorkspace(workspace.PublicId, writeKey, serverKey);
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

    /// <summary>The internal id of a workspace, for operator commands that name it by its public id.</summary>
    public async Task<long?> FindIdAsync(string publicId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await db.Workspaces.Where(w => w.PublicId == publicId).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static ApiKeyRow NewKey(long workspaceId, ApiKeyKind kind, string secret, long now) => new()
    {
        WorkspaceId = workspaceId,
        Kind = (int)kind,
        Prefix = secret[..8],
        Hash = SecretHash.Compute(secret),
        CreatedAt = now,
    };
}
