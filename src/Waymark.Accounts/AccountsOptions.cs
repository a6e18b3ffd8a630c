namespace Waymark.Accounts;

/// <summary>Settings under <c>Waymark:Accounts</c>.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Waymark:Accounts";

    /// <summary>
    /// The address people reach the dashboard at, for links in emails (https://waymark.example.com). When empty, links
    /// use the address of the request that caused them, which is wrong behind a proxy that rewrites the host.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long a sign-in lasts at most, counted from the sign-in; using the session does not extend it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a session may go unused before it ends. Checked against the session's last use, which is written at
    /// most once a minute, so a session can outlive this by up to a minute.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public SignIn.LockoutOptions Lockout { get; set; } = new();

    public Uri BaseUrlFor(Microsoft.AspNetCore.Http.HttpRequest request) =>
        !string.IsNullOrWhiteSpace(PublicUrl) ? new Uri(PublicUrl) : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
