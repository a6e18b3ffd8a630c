using System.CommandLine;
using Waymark.Crypto.MasterKeys;
using Waymark.Hosting;
using Waymark.Jobs;
using Waymark.Storage;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Cli;

/// <summary>A host without a web server for operator commands; on the embedded default it migrates first, as <c>serve</c> does.</summary>
internal static class CliHost
{
    /// <remarks>
    /// With <c>runJobs</c> the host also runs a job worker, for commands that wait for a job they queued. Without
    /// <c>loadMasterKey</c> a missing key is not generated (a restore must find the original one); without <c>start</c>
    /// the caller starts the host once the database exists (background services read it as they start).
    /// </remarks>
    public static async Task<IHost> StartAsync(ParseResult parse, bool migrateEmbedded, CancellationToken cancellationToken, bool runJobs = false, bool loadMasterKey = true, bool start = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        WaymarkConfiguration.Apply(builder.Configuration, parse.GetValue(CommonOptions.Data), parse.GetValue(CommonOptions.Database));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        builder.Services.AddWaymarkCore();
        if (runJobs)
        {
            builder.Services.AddWaymarkJobWorker();
        }

        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var host = builder.Build();
        if (loadMasterKey)
        {
            host.Services.GetRequiredService<MasterKey>().EnsureLoaded();
        }

        if (migrateEmbedded && host.Services.GetRequiredService<WaymarkDatabase>().Provider == DatabaseProvider.Sqlite)
        {
            await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        }

        // Started so that background services run: the audit writer commits what operator commands record.
        if (start)
        {
            await host.StartAsync(cancellationToken);
        }

        return host;
    }

    /// <summary>The internal id of the workspace an operator named by its public id; when there is none, says so on stderr.</summary>
    public static async Task<long?> FindWorkspaceAsync(IHost host, string publicId, CancellationToken cancellationToken)
    {
        var id = await host.Services.GetRequiredService<WorkspaceService>().FindIdAsync(publicId, cancellationToken);
        if (id is null)
        {
            await Console.Error.WriteLineAsync($"waymark: no workspace {publicId}. List them with: waymark workspace list");
        }

        return id;
    }
}
