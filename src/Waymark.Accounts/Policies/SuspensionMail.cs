using Waymark.Email;

namespace Waymark.Accounts.Policies;

/// <summary>The mail a member gets when a require-MFA policy suspends them.</summary>
internal static class SuspensionMail
{
    public static EmailMessage Compose(string to, string workspaceName, Uri? enrolLink) => new(to, $"Set up two-factor authentication to keep using {workspaceName}", $"""
        {workspaceName} on Waymark now requires two-factor authentication, and your account does not have it yet.
        Until you set it up, you are suspended from {workspaceName}: your membership and role are kept, but you cannot open the workspace.

        Set up an authenticator app or a passkey, and your access returns at once:
        {enrolLink?.ToString() ?? "sign in to Waymark and open Account → Two-factor & passkeys."}

        If you did not expect this, ask an owner of {workspaceName}.
        """);
}
