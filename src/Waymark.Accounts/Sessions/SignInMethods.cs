using System.Security.Claims;

namespace Waymark.Accounts.Sessions;

/// <summary>
/// How a session was started, as recorded on its row and shown in the session list. Identity marks its own sign-ins
/// with an <c>amr</c> claim (<c>pwd</c>, <c>mfa</c>); Waymark's other ways in (setup, invitation, passkey, single
/// sign-on) name themselves in the authentication-method claim, which therefore wins.
/// </summary>
internal static class SignInMethods
{
    private const string AmrClaim = "amr";

    /// <summary>The width of the <c>method</c> column.</summary>
    private const int MaxLength = 40;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["password"] = "Password",
        ["mfa"] = "Password and second factor",
        ["password+totp"] = "Password and authenticator code",
        ["password+recovery-code"] = "Password and recovery code",
        ["passkey"] = "Passkey",
        ["sso"] = "Single sign-on",
        ["setup"] = "Account setup",
        ["invitation"] = "Accepted invitation",
    };

    /// <summary>The method of the sign-in that produced <paramref name="principal"/>, or null when it does not say.</summary>
    public static string? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(ClaimTypes.AuthenticationMethod) is { Length: > 0 } named)
        {
            return Truncate(named);
        }

        return principal.FindFirstValue(AmrClaim) switch
        {
            null or "" => null,
            "pwd" => "password",
            "pkey" => "passkey",
            var amr => Truncate(amr),
        };
    }

    /// <summary>A person-readable name for a recorded method.</summary>
    public static string Label(string? method) =>
        method is null ? "Unknown" : Labels.TryGetValue(method, out var label) ? label : method;

    private static string Truncate(string value) => value.Length <= MaxLength ? value : value[..MaxLength];
}
