namespace Waymark.Accounts.Passkeys;

/// <summary>One of a person's passkeys as their passkeys page lists it.</summary>
/// <param name="Id">The credential id, base64url.</param>
/// <param name="Name">What the person called it.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="LastUsedAt">When it last signed the person in, if ever.</param>
/// <param name="Synced">Whether the authenticator reported it as backed up (synced across the person's devices).</param>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced);
