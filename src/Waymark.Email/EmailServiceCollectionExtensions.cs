using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Waymark.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IEmailSender"/> over SMTP, configured from <c>Waymark:Email</c>. An empty SMTP host is valid
    /// (mail-based features are then unavailable); a malformed setting fails at start-up.
    /// </summary>
    public static IServiceCollection AddWaymarkEmail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => o.SmtpPort is > 0 and <= 65535, "Waymark:Email:SmtpPort must be between 1 and 65535.")
            .Validate(o => MailboxParser.TryParse(o.From, out _), "Waymark:Email:From must be an email address, optionally written as 'Name <address>'.")
            .Validate(o => string.IsNullOrEmpty(o.Password) || !string.IsNullOrEmpty(o.Username), "Waymark:Email:Password is set but Waymark:Email:Username is not.")
            .ValidateOnStart();
        services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        return services;
    }
}
