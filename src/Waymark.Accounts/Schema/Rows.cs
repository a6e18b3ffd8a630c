namespace Waymark.Accounts.Schema;

/// <summary>A person's place in a workspace: their role there (a built-in role key or <c>custom:ID</c>).</summary>
internal sealed class MembershipRow
{
    public long WorkspaceId { get; set; }

    public string AccountId { get; set; } = "";

    public string Role { get; set; } = "";

    public long CreatedAt { get; set; }
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
