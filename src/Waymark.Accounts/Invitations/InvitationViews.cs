namespace Waymark.Accounts.Invitations;

public sealed record InvitationView(long Id, string Email, string RoleKey, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// A new invitation. <see cref="Link"/> is given back only when no mail server is configured, so that the inviter can
/// pass it on by hand; when it was emailed, nobody but the invitee ever sees it.
/// </summary>
public sealed record InvitationCreated(InvitationView Invitation, bool Emailed, string? Link);

/// <summary>What the invitee sees before accepting.</summary>
public sealed record InvitationPreview(string WorkspaceName, string Email, string RoleName, bool AccountExists);
