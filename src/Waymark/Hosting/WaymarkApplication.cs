using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Waymark.AccessReviews;
using Waymark.Analytics;
using Waymark.Backups;
using Waymark.Accounts;
using Waymark.Accounts.Sso;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.MasterKeys;
using Waymark.Dashboard;
using Waymark.Experiences;
using Waymark.Firewall;
using Waymark.Firewall.Transport;
using Waymark.Incidents;
using Waymark.Ingest;
using Waymark.Jobs;
using Waymark.Segments;
using Waymark.StaffAccess;
using Waymark.Storage;
using Waymark.Workspaces;

namespace Waymark.Hosting;

/// <summary>Builds the web host for <c>waymark serve</c> (and for tests, which start it on 127.0.0.1:0).</summary>
public static class WaymarkApplication
{
    public static WebApplication Build(ServeSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        WaymarkConfiguration.Apply(builder.Configuration, settings.DataDirectory, settings.Database, settings.Configuration);
        if (settings.Urls is not null)
        {
            builder.WebHost.UseUrls(settings.Urls);
        }

        var tls = TransportSecurity.LoadTls(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ConfigureTls(tls);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        var services = builder.Services;
        services.AddWaymarkCore();
        services.AddTransportSecurity(tls);
        services.AddProblemDetails();
        services.AddExceptionHandler<Waymark.Api.DatabaseUnavailableHandler>();
        services.AddRequestDecompression();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        var healthChecks = services.AddHealthChecks();
        if (settings.Role.HasFlag(Role.Ingest))
        {
            services.AddWaymarkIngest(healthChecks);
            services.AddBrowserClientCors();
            services.AddWaymarkContentDelivery();
        }

        if (settings.Role.HasFlag(Role.App))
        {
            services.AddWaymarkDashboard();
        }

        if (settings.Role.HasFlag(Role.Worker))
        {
            services.AddWaymarkJobWorker();
            services.AddWaymarkDataSubjectWorker();
            services.AddWaymarkIncidentWorker();
            services.AddWaymarkStaffAccessWorker();
            services.AddWaymarkAccessReviewWorker();
            services.AddWaymarkBackupWorker();
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestServiceCollectionExtensions.MeterName)
            .AddMeter(Waymark.Firewall.RateLimits.RateLimitMetrics.MeterName)
            .AddMeter(BackupMetrics.MeterName)
            .AddMeter(ExperiencesServiceCollectionExtensions.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        settings.ConfigureServices?.Invoke(services);
        var app = builder.Build();
        app.UseTransportSecurity(tls);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestDecompression();
        if (settings.Role.HasFlag(Role.App))
        {
            app.UseWaymarkDashboard();
        }

        app.UseRouting();
        if (settings.Role.HasFlag(Role.Ingest))
        {
            app.UseCors();
        }

        if (settings.Role.HasFlag(Role.App))
        {
            app.UseSingleSignOn();
        }

        app.UseAuthentication();
        app.UseWorkspaceMembership();
        app.UseStaffAccess();
        app.UseWaymarkFirewall();
        app.UseAuthorization();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymousBecause("Liveness probe for load balancers and orchestrators; reveals nothing.");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymousBecause("Readiness probe for load balancers; says only healthy or not.");
        app.MapPrometheusScrapingEndpoint("/metrics")
            .AllowAnonymousBecause("Scraped by Prometheus on the operator's network; counters carry no ids or personal values. Restrict it at the proxy.");
        app.MapOpenApi()
            .AllowAnonymousBecause("The API description is public documentation.");
        if (settings.Role.HasFlag(Role.Ingest))
        {
            app.MapIngestEndpoints();
            app.MapContentDeliveryEndpoints();
        }

        if (settings.Role.HasFlag(Role.App))
        {
            app.MapWorkspaceEndpoints();
            app.MapAuditEndpoints();
            app.MapJobEndpoints();
            app.MapDataSubjectEndpoints();
            app.MapIdentityVerificationEndpoints();
            app.MapFirewallEndpoints();
            app.MapIncidentEndpoints();
            app.MapStaffAccessEndpoints();
            app.MapAccessReviewEndpoints();
            app.MapBackupEndpoints();
            app.MapExperienceEndpoints();
            app.MapSegmentEndpoints();
            app.MapAnalyticsEndpoints();
            app.MapAccountEndpoints();
            app.MapWaymarkDashboard();
        }

        return app;
    }

    /// <summary>Prepares the data directory before serving: the master key exists, and the embedded database is migrated.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var masterKey = app.Services.GetRequiredService<MasterKey>();
        masterKey.EnsureLoaded();
        var database = app.Services.GetRequiredService<WaymarkDatabase>();
        var migrator = app.Services.GetRequiredService<SchemaMigrator>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await migrator.MigrateAsync(cancellationToken);
            return;
        }

        var pending = await migrator.PendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"The PostgreSQL database has {pending.Count} pending migration(s). Run 'waymark migrate --database \"...\"' once before starting the nodes.");
        }
    }
}
