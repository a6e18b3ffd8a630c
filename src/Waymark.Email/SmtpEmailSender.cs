using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Waymark.Email;

/// <summary>
/// One SMTP connection per message: Waymark sends little mail (sign-up, password reset, invitations), and a
/// connection held open would only time out on the server side between messages.
/// </summary>
internal sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    internal const string NotConfiguredMessage =
        "Email is not configured: set WAYMARK_EMAIL__SMTPHOST (configuration key Waymark:Email:SmtpHost) to the SMTP server's " +
        "host name, and WAYMARK_EMAIL__SMTPPORT, WAYMARK_EMAIL__SECURITY, WAYMARK_EMAIL__USERNAME, WAYMARK_EMAIL__PASSWORD and " +
        "WAYMARK_EMAIL__FROM as the server needs.";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // MailKit waits two minutes for each reply by default; a request waiting on mail should not hang that long.
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly EmailOptions _options = options.Value;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.SmtpHost);

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsConfigured)
        {
            throw new InvalidOperationException(NotConfiguredMessage);
        }

        var host = _options.SmtpHost!.Trim();
        var port = _options.SmtpPort;
        using var mime = Compose(message);
        using var client = new SmtpClient { Timeout = (int)ReplyTimeout.TotalMilliseconds };
        try
        {
            await ConnectAsync(client, host, port, ct);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", ct);
            }

            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (SmtpCommandException ex)
        {
            // The server's reply text often quotes the recipient ("<alice@example.com>: Recipient address rejected"),
            // so neither the log nor the exception carries it, only the status.
            LogRefused(host, port, (int)ex.StatusCode, ex.ErrorCode);
            throw new EmailDeliveryException(string.Create(
                CultureInfo.InvariantCulture,
                $"The SMTP server {host}:{port} refused the message with status {(int)ex.StatusCode} ({ex.ErrorCode})."));
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or ProtocolException
                                       or AuthenticationException or NotSupportedException)
        {
            LogFailed(host, port, ex.GetType().Name);
            throw new EmailDeliveryException($"Sending mail through {host}:{port} failed: {ex.Message}", ex);
        }

        LogSent(host, port);
    }

    private async Task ConnectAsync(SmtpClient client, string host, int port, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await client.ConnectAsync(host, port, ToMailKit(_options.Security), linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"No connection to the SMTP server within {ConnectTimeout.TotalSeconds} s."));
        }
    }

    private MimeMessage Compose(EmailMessage message)
    {
        // The address is left out of the exception on purpose: exceptions end up in logs.
        if (!MailboxParser.TryParse(message.To, out var to))
        {
            throw new ArgumentException("The recipient is not a valid email address.", nameof(message));
        }

        if (!MailboxParser.TryParse(_options.From, out var from))
        {
            throw new InvalidOperationException("Waymark:Email:From is not a valid email address.");
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = time.GetUtcNow(),
            Body = body.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        return mime;
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Email sent through {SmtpHost}:{SmtpPort}")]
    private partial void LogSent(string smtpHost, int smtpPort);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Email not sent: {SmtpHost}:{SmtpPort} answered {SmtpStatus} ({SmtpError})")]
    private partial void LogRefused(string smtpHost, int smtpPort, int smtpStatus, SmtpErrorCode smtpError);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Email not sent: {ErrorType} with {SmtpHost}:{SmtpPort}")]
    private partial void LogFailed(string smtpHost, int smtpPort, string errorType);
}
