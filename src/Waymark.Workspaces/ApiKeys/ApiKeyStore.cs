using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Waymark.Audit;
using Waymark.Crypto.Hashing;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// Finds the key behind a presented secret by its hash.
/// Server keys are looked up on every request, so a revoked server key fails on its very next use, on every node.
/// Write keys sit on the ingest hot path and are public by nature (they ship in browsers), so their answers are
/// cached briefly; a revocation in this process clears the cache at once, other processes notice within the cache
/// lifetime. Expiry is checked on every use, cached or not, and so is the standing of a server key's creator.
/// </summary>
internal sealed class ApiKeyStore(WorkspaceContexts contexts, IMemoryCache cache, TimeProvider clock, IEnumerable<IKeyCreatorStanding> standings)
{
    private static readonly TimeSpan WriteKeyCacheLifetime = TimeSpan.FromSeconds(5);
    private static readonly long LastUseResolutionMs = 60_000;

    /// <summary>
    /// A client still sending with a revoked key (an old SDK build in the wild) would otherwise write one audit entry
    /// per request; one entry per key per interval, carrying the count since the last, keeps the log readable and
    /// its writer unflooded while losing no information.
    /// </summary>
    private static readonly TimeSpan DenialAuditInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, long> _lastUseWritten = new();
    private readonly AuditThrottle<long> _denials = new(DenialAuditInterval, clock);

    /// <summary>Unknown keys are audited per source address, once a minute with the count, so that a key-guessing flood is visible without flooding the log.</summary>
    private readonly AuditThrottle<string> _unknown = new(TimeSpan.FromMinutes(1), clock);
    private long _generation;

    public async ValueTask<ApiKeyLookup> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = SecretHash.Compute(secret);
        var cacheable = secret.StartsWith(ApiKeySecrets.WritePrefix, StringComparison.Ordinal);
        var cacheKey = cacheable ? $"apikey:{Interlocked.Read(ref _generation)}:{Convert.ToHexString(hash)}" : null;
        if (cacheKey is null || !cache.TryGetValue(cacheKey, out ApiKeyLookup? lookup) || lookup is null)
        {
            lookup = await LoadAsync(hash, cancellationToken);
            if (cacheKey is not null)
            {
                cache.Set(cacheKey, lookup, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = WriteKeyCacheLifetime, Size = 1 });
            }
        }

        if (lookup.Identity is { ExpiresAt: { } expiresAt } && expiresAt <= clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return new ApiKeyLookup(lookup.Identity, "expired");
        }

        if (lookup is { Identity: { Kind: ApiKeyKind.Server, CreatedBy: { } creator } identity, DeniedBecause: null }
            && await IsCreatorSuspendedAsync(identity.WorkspaceId, creator, cancellationToken))
        {
            return new ApiKeyLookup(identity, "suspended with its creator");
        }

        if (lookup is { Identity: not null, DeniedBecause: null })
        {
            await NoteUseAsync(lookup.Identity.KeyId, cancellationToken);
        }

        return lookup;
    }

    /// <summary>Whether this refused use of <paramref name="keyId"/> gets an audit entry; <paramref name="repeats"/> counts the refusals since the last entry.</summary>
    public bool ShouldAuditDenial(long keyId, out long repeats) => _denials.ShouldRecord(keyId, out repeats);

    /// <summary>Whether this unknown key from <paramref name="address"/> gets an audit entry; <paramref name="repeats"/> counts the refusals since the last entry.</summary>
    public bool ShouldAuditUnknown(string address, out long repeats) => _unknown.ShouldRecord(address, out repeats);

    /// <summary>Forgets every cached answer in this process (after a revocation or rotation).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private async Task<ApiKeyLookup> LoadAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await (
            from key in db.ApiKeys
            join workspace in db.Workspaces on key.WorkspaceId equals workspace.Id
            where key.Hash == hash
            select new { key.Id, key.WorkspaceId, workspace.PublicId, key.Kind, key.Scopes, key.ExpiresAt, key.RevokedAt, key.CreatedBy })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return ApiKeyLookup.Unknown;
        }

        var identity = new ApiKeyIdentity(row.Id, row.WorkspaceId, row.PublicId, (ApiKeyKind)row.Kind, ApiKeyScopes.Parse(row.Scopes), row.ExpiresAt, row.CreatedBy);
        return new ApiKeyLookup(identity, row.RevokedAt is null ? null : "revoked");
    }

    private async ValueTask<bool> IsCreatorSuspendedAsync(long workspaceId, string creator, CancellationToken cancellationToken)
    {
        foreach (var standing in standings)
        {
            if (await standing.IsSuspendedAsync(workspaceId, creator, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private async Task NoteUseAsync(long keyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var last = _lastUseWritten.GetValueOrDefault(keyId);
        if (now - last < LastUseResolutionMs || !_lastUseWritten.TryUpdate(keyId, now, last) && !_lastUseWritten.TryAdd(keyId, now))
        {
            return;
        }

        await using var db = contexts.Create();
        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }
}
