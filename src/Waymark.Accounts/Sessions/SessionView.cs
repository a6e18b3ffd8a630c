namespace Waymark.Accounts.Sessions;

/// <summary>
/// One of a person's live sessions as their session list shows it. <paramref name="Handle"/> names the session in
/// forms; it is derived from the session id, which stays a secret of the cookie.
/// </summary>
public sealed record SessionView(
    string Handle,
    string Device,
    string? SourceIp,
    string Method,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    bool IsCurrent);
