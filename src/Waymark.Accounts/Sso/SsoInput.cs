using System.Globalization;
using System.Text.RegularExpressions;

namespace Waymark.Accounts.Sso;

/// <summary>Checks and normalizes what an owner types for a connection: the issuer URL and the email domains.</summary>
internal static partial class SsoInput
{
    public const int MaxIssuerLength = 500;
    public const int MaxDomainsLength = 1000;

    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// An absolute https URL without query or fragment, as providers publish it; plain http only for a provider on this
    /// machine (development, tests), because discovery and the code exchange would otherwise travel unprotected.
    /// Answers the issuer without a trailing slash, the form most providers put in their tokens.
    /// </summary>
    public static string? Issuer(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Length > MaxIssuerLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))))
        {
            return null;
        }

        return text.TrimEnd('/');
    }

    /// <summary>Whether the URL names this machine (localhost or a loopback address).</summary>
    public static bool IsLoopback(Uri uri) => uri.IsLoopback;

    /// <summary>
    /// Lower-case, punycoded, de-duplicated domains from a list separated by commas, spaces or new lines; null when
    /// the list is empty or one entry is not a domain name with at least one dot.
    /// </summary>
    public static IReadOnlyList<string>? Domains(IEnumerable<string>? values)
    {
        var result = new List<string>();
        foreach (var entry in (values ?? []).SelectMany(v => (v ?? "").Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries)))
        {
            var domain = entry.Trim().TrimStart('@').TrimEnd('.');
            try
            {
                domain = Idn.GetAscii(domain).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                return null;
            }

            if (!DomainShape().IsMatch(domain))
            {
                return null;
            }

            if (!result.Contains(domain))
            {
                result.Add(domain);
            }
        }

        return result.Count == 0 || Format(result).Length > MaxDomainsLength ? null : result;
    }

    /// <summary>The domain part of an email address, normalized like <see cref="Domains"/>; null when it has none.</summary>
    public static string? DomainOf(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at <= 0 ? null : Domains([email![(at + 1)..]]) is [var domain] ? domain : null;
    }

    public static string Format(IEnumerable<string> domains) => string.Join(' ', domains);

    public static IReadOnlyList<string> Parse(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")]
    private static partial Regex DomainShape();
}
