using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Waymark.Crypto.Hashing;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// Finds the key behind a presented secret by its hash. Answers (hits and misses) are cached briefly so that
/// the ingest hot path costs one hash and one dictionary lookup; the short lifetime bounds how long a revoked key lingers.
/// </summary>
internal sealed class ApiKeyStore(WorkspaceContexts contexts, IMemoryCache cache)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    public async ValueTask<ApiKeyIdentity?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = SecretHash.Compute(secret);
        var cacheKey = "apikey:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out ApiKeyIdentity? cached))
        {
            return cached;
        }

        await using var db = contexts.Create();
        var identity = await (
            from key in db.ApiKeys
            join workspace in db.Workspaces on key.WorkspaceId equals workspace.Id
            where key.Hash == hash && key.RevokedAt == null
            select new ApiKeyIdentity(key.Id, key.WorkspaceId, workspace.PublicId, (ApiKeyKind)key.Kind))
            .FirstOrDefaultAsync(cancellationToken);
        cache.Set(cacheKey, identity, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheLifetime, Size = 1 });
        return identity;
    }
}
