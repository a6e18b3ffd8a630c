using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.TestSupport.Email;

namespace Waymark.Email.Tests;

public sealed class EmailSenderTests
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_message_sent_through_the_sender_arrives_with_its_subject_and_bodies()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var host = new EmailHost(sink.Configuration);
        const string to = "ada.lovelace@example.com";

        Assert.True(host.Sender.IsConfigured);
        await host.Sender.SendAsync(
            new EmailMessage(
                to,
                "Reset your Waymark password",
                "Open https://waymark.example/account/reset?token=abc123 to choose a new password.",
                "<p><a href=\"https://waymark.example/account/reset?token=abc123\">Choose a new password</a></p>"),
            CancellationToken.None);

        var message = await sink.WaitForMessageAsync(to, MailTimeout);
        Assert.Equal("Reset your Waymark password", message.Subject);
        Assert.Contains("to choose a new password.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Choose a new password</a>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("waymark@localhost", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Waymark", Assert.Single(message.From.Mailboxes).Name);
        Assert.Equal(new Uri("https://waymark.example/account/reset?token=abc123"), SmtpSink.FindUrl(message, "/account/reset"));
    }

    [Fact]
    public async Task The_default_security_and_a_configured_sender_work_against_a_server_without_tls()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var host = new EmailHost(new Dictionary<string, string?>
        {
            // Security left at auto: STARTTLS only when offered, and the sink offers none.
            ["Waymark:Email:SmtpHost"] = sink.Host,
            ["Waymark:Email:SmtpPort"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Waymark:Email:From"] = "Acme onboarding <hello@acme.example>",
        });

        await host.Sender.SendAsync(new EmailMessage("grace@example.com", "Plain", "Only text."), CancellationToken.None);

        var message = await sink.WaitForMessageAsync("grace@example.com", MailTimeout);
        Assert.Equal("hello@acme.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Null(message.HtmlBody);
        Assert.Equal("Only text.", message.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task Required_starttls_fails_when_the_server_does_not_offer_it()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var host = new EmailHost(new Dictionary<string, string?>(sink.Configuration) { ["Waymark:Email:Security"] = "starttls" });

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => host.Sender.SendAsync(new EmailMessage("alan@example.com", "Hi", "Body"), CancellationToken.None));

        Assert.Contains(sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Messages());
    }

    [Fact]
    public async Task Without_an_smtp_host_sending_tells_the_operator_what_to_set()
    {
        using var host = new EmailHost(new Dictionary<string, string?>());

        Assert.False(host.Sender.IsConfigured);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Sender.SendAsync(new EmailMessage("someone@example.com", "Hi", "Body"), CancellationToken.None));
        Assert.Contains("WAYMARK_EMAIL__SMTPHOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_and_errors_never_name_the_recipient()
    {
        await using var sink = await SmtpSink.StartAsync(rejectDomain: "refused.example");
        using var host = new EmailHost(sink.Configuration);
        const string delivered = "canary.delivered@example.com";
        const string refused = "canary.refused@refused.example";

        await host.Sender.SendAsync(new EmailMessage(delivered, "Canary subject", "canary body text"), CancellationToken.None);
        await sink.WaitForMessageAsync(delivered, MailTimeout);

        // The sink answers "550 5.1.1 <address>: Recipient address rejected", as real servers do.
        var rejection = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => host.Sender.SendAsync(new EmailMessage(refused, "Canary subject", "canary body text"), CancellationToken.None));
        Assert.Contains("550", rejection.Message, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Sender.SendAsync(new EmailMessage("canary.invalid", "Canary subject", "canary body text"), CancellationToken.None));

        var logs = host.Logs.AllText;
        Assert.Contains("Email sent", logs, StringComparison.Ordinal);
        Assert.Contains("Email not sent", logs, StringComparison.Ordinal);
        foreach (var text in new[] { logs, rejection.ToString(), invalid.ToString() })
        {
            Assert.DoesNotContain("canary", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_delivery_error_naming_the_server()
    {
        var port = ClosedPort();
        using var host = new EmailHost(new Dictionary<string, string?>
        {
            ["Waymark:Email:SmtpHost"] = "127.0.0.1",
            ["Waymark:Email:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => host.Sender.SendAsync(new EmailMessage("canary@example.com", "Hi", "Body"), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Waymark:Email:From", "not an address")]
    [InlineData("Waymark:Email:SmtpPort", "0")]
    [InlineData("Waymark:Email:Password", "secret")]
    public void Malformed_settings_are_refused_when_the_options_are_read(string key, string value)
    {
        using var host = new EmailHost(new Dictionary<string, string?> { ["Waymark:Email:SmtpHost"] = "127.0.0.1", [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
