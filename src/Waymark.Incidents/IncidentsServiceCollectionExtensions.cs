using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Waymark.Incidents.Api;
using Waymark.Incidents.Detectors;
using Waymark.Incidents.Escalation;
using Waymark.Incidents.Notifications;
using Waymark.Incidents.Schema;
using Waymark.Incidents.Settings;
using Waymark.Incidents.Signals;
using Waymark.Incidents.Verification;
using Waymark.Storage;

namespace Waymark.Incidents;

/// <summary>
/// Intrusion detection and incident response: detectors over the audit stream raise risk-scored signals, grouped into
/// incidents that owners acknowledge and resolve; high-severity incidents are mailed, sent to a signed webhook and
/// escalated when nobody acknowledges them.
/// </summary>
public static class IncidentsServiceCollectionExtensions
{
    /// <summary>The incidents' tables and stores; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.AuditVerificationInterval > TimeSpan.Zero && o.WebhookAttempts > 0, "Incident intervals and webhook attempts must be positive.");
        services.AddFeatureSchema(IncidentsContexts.Schema);
        services.TryAddSingleton<IncidentsContexts>();
        services.TryAddSingleton<IncidentBook>();
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddSingleton<IncidentSettingsStore>();
        return services;
    }

    /// <summary>The detectors, the scheduled audit-chain verification and the escalation clock (worker role).</summary>
    public static IServiceCollection AddWaymarkIncidentWorker(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<IncidentOptions>>().Value.WebhookPrivateAddresses;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    ConnectCallback = (context, cancellationToken) => WebhookTargets.ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
                };
            });
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<IncidentRecipients>();
        services.TryAddSingleton<IncidentNotifier>();
        services.TryAddSingleton<IncidentEscalator>();
        services.TryAddSingleton<AuditWindow>();
        services.TryAddSingleton<AccountChains>();
        services.AddSingleton<IDetector, PasswordBruteForceDetector>();
        services.AddSingleton<IDetector, MfaBruteForceDetector>();
        services.AddSingleton<IDetector, CredentialStuffingDetector>();
        services.AddSingleton<IDetector, InvalidKeyFloodDetector>();
        services.AddSingleton<IDetector, RevokedKeyUseDetector>();
        services.AddSingleton<IDetector, PrivilegeEscalationDetector>();
        services.AddSingleton<IDetector>(sp => MassDataDetector.Exports(sp.GetRequiredService<AuditWindow>(), sp.GetRequiredService<IOptions<IncidentOptions>>()));
        services.AddSingleton<IDetector>(sp => MassDataDetector.Deletions(sp.GetRequiredService<AuditWindow>(), sp.GetRequiredService<IOptions<IncidentOptions>>()));
        services.AddSingleton<IDetector, OwnerNewAddressDetector>();
        services.AddSingleton<IDetector, BackupVerificationDetector>();
        services.AddSingleton<IDetector, AccessReviewOverdueDetector>();
        services.AddHostedService<IncidentWorker>();
        services.AddHostedService<ScheduledChainVerification>();
        return services;
    }

    /// <summary><c>/v1/incidents…</c>.</summary>
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapIncidentRoutes();
        return routes;
    }
}
