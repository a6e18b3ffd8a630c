using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Hashing;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// Creates, lists, rotates and revokes a workspace's keys. A caller can only hand a key permissions it holds itself,
/// so a key never becomes a way around one's role. Every change is audited.
/// </summary>
public sealed class KeyService
{
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(730);

    private readonly WorkspaceContexts _contexts;
    private readonly ApiKeyStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal KeyService(WorkspaceContexts contexts, ApiKeyStore store, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _store = store;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>Permissions a key may carry.</summary>
    public static IReadOnlyList<string> GrantableScopes => ApiKeyScopes.FullServerKey;

    public async Task<IReadOnlyList<KeyView>> ListAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var rows = await db.ApiKeys.Where(k => k.WorkspaceId == workspaceId).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return rows.Select(r => View(r, now)).ToList();
    }

    public async Task<Outcome<CreatedKey>> CreateServerKeyAsync(Caller caller, long workspaceId, string? name, IReadOnlyCollection<string>? scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return Refusal.Invalid("invalid-key", "Name the key", "Give the key a name of 1 to 100 characters that says where it is used, such as 'billing backend'.");
        }

        if (scopes is not { Count: > 0 } || scopes.Any(s => !GrantableScopes.Contains(s)))
        {
            return Refusal.Invalid("invalid-key", "Choose the key's permissions", "Give the key one or more of: " + string.Join(", ", GrantableScopes) + ".");
        }

        var missing = scopes.Where(s => !caller.Has(s)).ToList();
        if (missing.Count > 0)
        {
            return Refusal.Forbidden("A key can only carry permissions you hold yourself. You lack: " + string.Join(", ", missing) + ". Ask an owner to create this key.");
        }

        var now = _clock.GetUtcNow();
        if (expiresAt is { } expiry && (expiry <= now || expiry > now + MaxLifetime))
        {
            return Refusal.Invalid("invalid-key", "Invalid expiry", "An expiry must be in the future and at most two years away; leave it empty for a key that lasts until revoked.");
        }

        var secret = ApiKeySecrets.New(ApiKeyKind.Server);
        var row = NewRow(workspaceId, ApiKeyKind.Server, name, secret, scopes, now.ToUnixTimeMilliseconds(), caller.AccountId);
        row.ExpiresAt = expiresAt?.ToUnixTimeMilliseconds();
        await using (var db = _contexts.Create())
        {
            db.ApiKeys.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.KeyCreated, AuditOutcome.Success, "key", Id(row), new Dictionary<string, string>
        {
            ["kind"] = "server",
            ["scopes"] = row.Scopes,
            ["expires"] = expiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never",
        }), cancellationToken);
        return new CreatedKey(View(row, now.ToUnixTimeMilliseconds()), secret);
    }

    /// <summary>
    /// Issues a new write key and lets the current ones keep working for <paramref name="overlap"/>, so that every
    /// deployed copy of the SDK can be updated before the old key stops.
    /// </summary>
    public async Task<Outcome<CreatedKey>> RotateWriteKeyAsync(Caller caller, long workspaceId, TimeSpan overlap, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permissions.KeysManage))
        {
            return Refusal.Forbidden("Rotating the write key needs the keys:manage permission.");
        }

        if (overlap < TimeSpan.Zero || overlap > MaxOverlap)
        {
            return Refusal.Invalid("invalid-overlap", "Invalid overlap", "The overlap during which the old write key keeps working is 0 to 720 hours.");
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)overlap.TotalMilliseconds;
        var secret = ApiKeySecrets.New(ApiKeyKind.Write);
        var row = NewRow(workspaceId, ApiKeyKind.Write, "Write key", secret, ApiKeyScopes.WriteKey, now, caller.AccountId);
        int retired;
        await using (var db = _contexts.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            retired = await db.ApiKeys
                .Where(k => k.WorkspaceId == workspaceId && k.Kind == (int)ApiKeyKind.Write && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > until))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, until), cancellationToken);
            db.ApiKeys.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        _store.Invalidate();
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.KeyRotated, AuditOutcome.Success, "key", Id(row), new Dictionary<string, string>
        {
            ["kind"] = "write",
            ["overlap_hours"] = overlap.TotalHours.ToString("0.##", CultureInfo.InvariantCulture),
            ["retiring"] = retired.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        return new CreatedKey(View(row, now), secret);
    }

    public async Task<Outcome<KeyView>> RevokeAsync(Caller caller, long workspaceId, long keyId, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permissions.KeysManage))
        {
            return Refusal.Forbidden("Revoking a key needs the keys:manage permission.");
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Key");
        }

        if (row.RevokedAt is null)
        {
            row.RevokedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            _store.Invalidate();
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.KeyRevoked, AuditOutcome.Success, "key", Id(row), new Dictionary<string, string> { ["kind"] = KindName(row) }), cancellationToken);
        }

        return View(row, now);
    }

    /// <summary>Offboarding: revokes every key that <paramref name="accountId"/> created in the workspace.</summary>
    public async Task<int> RevokeCreatedByAsync(Caller caller, long workspaceId, string accountId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        var rows = await db.ApiKeys.Where(k => k.WorkspaceId == workspaceId && k.CreatedBy == accountId && k.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.RevokedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        _store.Invalidate();
        foreach (var row in rows)
        {
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.KeyRevoked, AuditOutcome.Success, "key", Id(row), new Dictionary<string, string> { ["kind"] = KindName(row), ["reason"] = "offboarding" }), cancellationToken);
        }

        return rows.Count;
    }

    internal static ApiKeyRow NewRow(long workspaceId, ApiKeyKind kind, string name, string secret, IEnumerable<string> scopes, long now, string? createdBy) => new()
    {
        WorkspaceId = workspaceId,
        Kind = (int)kind,
        Name = name,
        Prefix = secret[..ApiKeySecrets.ShownPrefixLength],
        Hash = SecretHash.Compute(secret),
        Scopes = ApiKeyScopes.Format(scopes),
        CreatedAt = now,
        CreatedBy = createdBy,
    };

    private static string Id(ApiKeyRow row) => row.Id.ToString(CultureInfo.InvariantCulture);

    private static string KindName(ApiKeyRow row) => (ApiKeyKind)row.Kind == ApiKeyKind.Write ? "write" : "server";

    private static KeyView View(ApiKeyRow row, long now) => new(
        row.Id,
        (ApiKeyKind)row.Kind,
        row.Name,
        row.Prefix,
        ApiKeyScopes.Parse(row.Scopes),
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        row.CreatedBy,
        Time(row.ExpiresAt),
        Time(row.LastUsedAt),
        Time(row.RevokedAt),
        row.RevokedAt is not null ? "revoked" : row.ExpiresAt is { } e && e <= now ? "expired" : row.ExpiresAt is not null && (ApiKeyKind)row.Kind == ApiKeyKind.Write ? "retiring" : "active");

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
