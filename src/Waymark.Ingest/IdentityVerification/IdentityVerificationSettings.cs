using System.Collections.Concurrent;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Ingest.Schema;
using Waymark.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.IdentityVerification;

/// <summary>What a workspace's identity verification is set to (never the secret itself).</summary>
internal sealed record IdentityVerificationState(bool Enabled, bool SecretSet, DateTimeOffset? UpdatedAt);

/// <summary>
/// Reads and changes a workspace's identity verification. Every ingest call from a browser consults it, so each node
/// keeps it for a few seconds; a change made on this node applies at once, elsewhere within <see cref="CacheFor"/>.
/// </summary>
internal sealed class IdentityVerificationSettings(WaymarkDatabase database, IdentitySecrets secrets, IAuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<long, (string? Secret, bool Enabled, DateTimeOffset ReadAt)> _cache = new();

    /// <summary>The secret to check signatures with, or null when the workspace does not verify identities.</summary>
    public async ValueTask<string?> ActiveSecretAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(workspaceId, out var cached) && now - cached.ReadAt < CacheFor)
        {
            return cached.Enabled ? cached.Secret : null;
        }

        var record = await ReadAsync(workspaceId, cancellationToken);
        var secret = record is { Enabled: true, SealedSecret: { } sealedSecret } ? secrets.Open(workspaceId, sealedSecret) : null;
        _cache[workspaceId] = (secret, record?.Enabled == true, now);
        return secret;
    }

    public async Task<IdentityVerificationState> GetAsync(long workspaceId, CancellationToken cancellationToken) =>
        StateOf(await ReadAsync(workspaceId, cancellationToken));

    public async Task<Outcome<IdentityVerificationState>> SetEnabledAsync(Caller caller, long workspaceId, bool enabled, CancellationToken cancellationToken)
    {
        var record = await ReadAsync(workspaceId, cancellationToken);
        if (enabled && record?.SealedSecret is null)
        {
            return Refusal.Conflict("no-identity-secret", "No secret yet", "Create the workspace's identity verification secret first (POST /v1/identity-verification/secret), have your backend sign user ids with it, then turn verification on.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteAsync(
            "INSERT INTO identity_verification (workspace_id, enabled, sealed_secret, updated_at) VALUES (@w, @e, NULL, @t) ON CONFLICT (workspace_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
            workspaceId,
            enabled,
            null,
            now,
            cancellationToken);
        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.IdentityVerificationChanged, details: new Dictionary<string, string>
        {
            ["old"] = record?.Enabled == true ? "on" : "off",
            ["new"] = enabled ? "on" : "off",
        }), CancellationToken.None);
        return new IdentityVerificationState(enabled, record?.SealedSecret is not null, DateTimeOffset.FromUnixTimeMilliseconds(now));
    }

    /// <summary>Replaces the secret; answers the new one, which is shown this once. Signatures made with the old one stop working.</summary>
    public async Task<string> RotateSecretAsync(Caller caller, long workspaceId, CancellationToken cancellationToken)
    {
        var secret = IdentitySecrets.NewSecret();
        await WriteAsync(
            "INSERT INTO identity_verification (workspace_id, enabled, sealed_secret, updated_at) VALUES (@w, @e, @s, @t) ON CONFLICT (workspace_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at",
            workspaceId,
            false,
            secrets.Seal(workspaceId, secret),
            clock.GetUtcNow().ToUnixTimeMilliseconds(),
            cancellationToken);
        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.IdentitySecretRotated), CancellationToken.None);
        return secret;
    }

    private async Task WriteAsync(string sql, long workspaceId, bool enabled, byte[]? sealedSecret, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@e", enabled);
        command.AddParameter("@s", sealedSecret);
        command.AddParameter("@t", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _cache.TryRemove(workspaceId, out _);
    }

    private async Task<IdentityVerificationRecord?> ReadAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT enabled, sealed_secret, updated_at FROM identity_verification WHERE workspace_id = @w";
        command.AddParameter("@w", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IdentityVerificationRecord
            {
                WorkspaceId = workspaceId,
                Enabled = reader.GetBoolean(0),
                SealedSecret = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1),
                UpdatedAt = reader.GetInt64(2),
            }
            : null;
    }

    private static IdentityVerificationState StateOf(IdentityVerificationRecord? record) =>
        new(record?.Enabled == true, record?.SealedSecret is not null, record is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(record.UpdatedAt));
}
