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

    /// <summary>How long a sign-in lasts at most.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public Uri BaseUrlFor(Microsoft.AspNetCore.Http.HttpRequest request) =>
        !string.IsNullOrWhiteSpace(PublicUrl) ? new Uri(PublicUrl) : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
