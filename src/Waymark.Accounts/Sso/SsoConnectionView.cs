namespace Waymark.Accounts.Sso;

/// <summary>A workspace's single sign-on connection as owners see it: never the client secret, only whether one is set.</summary>
public sealed record SsoConnectionView(
    string Issuer,
    string ClientId,
    bool ClientSecretSet,
    IReadOnlyList<string> EmailDomains,
    string DefaultRole,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What an owner submits. An empty <see cref="ClientSecret"/> keeps the one stored, so the form never has to show it.
/// </summary>
public sealed record SsoSettings(string? Issuer, string? ClientId, string? ClientSecret, IReadOnlyList<string>? EmailDomains, string? DefaultRole);
