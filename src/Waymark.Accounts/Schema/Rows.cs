namespace Waymark.Accounts.Schema;

/// <summary>A person's place in a workspace: their role there (a built-in role key or <c>custom:ID</c>).</summary>
internal sealed class MembershipRow
{
    public long WorkspaceId { get; set; }

    public string AccountId { get; set; } = "";

    public string Role { get; set; } = "";

    public long CreatedAt { get; set; }

    /// <summary>Set while a workspace policy (require MFA) holds the member out; the membership itself stays.</summary>
    public long? SuspendedAt { get; set; }

    /// <summary>Why the member is suspended (<c>mfa-required</c>).</summary>
    public string? SuspendedReason { get; set; }
}

internal sealed class CustomRoleRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Space-separated permission names.</summary>
    public string Permissions { get; set; } = "";

    public long CreatedAt { get; set; }
}

/// <summary>An invitation by email link. Only the token's hash is kept; the token itself exists only in the email.</summary>
internal sealed class InvitationRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public string Email { get; set; } = "";

    public string Role { get; set; } = "";

    public byte[] TokenHash { get; set; } = [];

    public string? InvitedBy { get; set; }

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public long? AcceptedAt { get; set; }

    public long? RevokedAt { get; set; }
}

/// <summary>A signed-in browser. The cookie holds only the id; deleting the row ends the session on its next request.</summary>
internal sealed class SessionRow
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    /// <summary>The authentication ticket, serialized and protected with Data Protection.</summary>
    public byte[] Ticket { get; set; } = [];

    public long CreatedAt { get; set; }

    public long LastSeenAt { get; set; }

    public long ExpiresAt { get; set; }

    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>How the session was started (password, password+totp, passkey, sso, …), shown in the session list.</summary>
    public string? Method { get; set; }
}

/// <summary>The one-time token that lets the first owner set up the instance; a single row, replaced at each start until used.</summary>
internal sealed class SetupTokenRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public byte[] TokenHash { get; set; } = [];

    public long CreatedAt { get; set; }

    public long? UsedAt { get; set; }
}

/// <summary>
/// Failed sign-in attempts for one account (<c>account:ID</c>) or one source address (<c>address:IP</c>); each failure
/// past the grace adds a minute of wait, capped, and an account that reaches the limit stays locked until an owner unlocks it.
/// </summary>
internal sealed class ThrottleRow
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public long LastFailureAt { get; set; }

    public long LockedUntil { get; set; }

    public bool LockedPermanently { get; set; }
}

/// <summary>A workspace's sign-in policies.</summary>
internal sealed class SecurityPolicyRow
{
    public long WorkspaceId { get; set; }

    public bool RequireMfa { get; set; }

    public bool RequireSso { get; set; }

    public long UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>A workspace's OpenID Connect provider. The client secret is sealed with the master key.</summary>
internal sealed class SsoConnectionRow
{
    public long WorkspaceId { get; set; }

    public string Issuer { get; set; } = "";

    public string ClientId { get; set; } = "";

    public byte[] ClientSecret { get; set; } = [];

    /// <summary>Lower-case email domains the provider vouches for, space-separated.</summary>
    public string EmailDomains { get; set; } = "";

    public string DefaultRole { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}
