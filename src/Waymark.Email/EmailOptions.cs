namespace Waymark.Email;

/// <summary>
/// The SMTP server Waymark sends mail through; bound from <c>Waymark:Email</c> (environment variables
/// <c>WAYMARK_EMAIL__SMTPHOST</c>, <c>WAYMARK_EMAIL__SMTPPORT</c>, …). Without <see cref="SmtpHost"/> no mail is sent.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Waymark:Email";

    public string? SmtpHost { get; set; }

    /// <summary>587 is the submission port (STARTTLS); 465 is implicit TLS.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary><c>auto</c>, <c>none</c>, <c>starttls</c> or <c>tls</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>The SMTP user; when empty the server is used without authentication.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, as an address or <c>Name &lt;address&gt;</c>.</summary>
    public string From { get; set; } = "Waymark <waymark@localhost>";
}
