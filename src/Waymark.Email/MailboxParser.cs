using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace Waymark.Email;

/// <summary>Parses one mailbox (<c>address</c> or <c>Name &lt;address&gt;</c>); a bare local part is refused.</summary>
internal static class MailboxParser
{
    // MimeKit accepts "alice" as a mailbox by default; the SMTP server would then guess a domain, or bounce it.
    private static readonly ParserOptions Strict = CreateStrict();

    public static bool TryParse(string? text, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        return !string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(Strict, text, out mailbox);
    }

    private static ParserOptions CreateStrict()
    {
        var options = ParserOptions.Default.Clone();
        options.AllowAddressesWithoutDomain = false;
        return options;
    }
}
