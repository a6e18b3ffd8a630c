namespace Waymark.Email;

/// <summary>Sends mail through the SMTP server configured under <c>Waymark:Email</c>.</summary>
public interface IEmailSender
{
    /// <summary>Whether an SMTP host is configured; callers can offer mail-based features only when it is.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Sends the message and returns once the SMTP server has accepted it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No SMTP host is configured.</exception>
    /// <exception cref="ArgumentException">The recipient is not a valid address.</exception>
    /// <exception cref="EmailDeliveryException">The server could not be reached or refused the message.</exception>
    Task SendAsync(EmailMessage message, CancellationToken ct);
}
