namespace Waymark.Email;

/// <summary>
/// The SMTP server could not be reached, or it refused the message. The message names the server and the SMTP
/// status but never the recipient, so the exception can be logged.
/// </summary>
public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException()
    {
    }

    public EmailDeliveryException(string message)
        : base(message)
    {
    }

    public EmailDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
