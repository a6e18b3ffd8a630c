namespace Waymark.Email;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>
    /// TLS from the start on port 465, otherwise STARTTLS when the server offers it (MailKit's
    /// <c>SecureSocketOptions.Auto</c>). A server that does not offer STARTTLS gets the mail in clear text.
    /// </summary>
    Auto,

    /// <summary>Clear text; only sensible for a relay on the same host.</summary>
    None,

    /// <summary>STARTTLS, required: sending fails when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the start (implicit TLS, usually port 465).</summary>
    Tls,
}
