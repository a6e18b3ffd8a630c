using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit.Tail;
using Waymark.TestSupport;
using Waymark.TestSupport.S3;

namespace Waymark.Backups.Tests.Support;

/// <summary>
/// One in-process server per test class, every role, backing up to a directory and to a bucket on an S3-compatible
/// server (s3rver on 127.0.0.1); the incident worker reads the audit log every 200 ms. Tests isolate themselves with
/// their own workspaces and name the backups they made.
/// </summary>
public abstract class BackupServers : IAsyncLifetime
{
    public const string Bucket = "waymark-backups";

    internal BackupKit Kit { get; private set; } = null!;

    public S3Server Offsite { get; private set; } = null!;

    public WaymarkTestServer Server { get; private set; } = null!;

    internal Installation Installation => Installation.Of(Server);

    protected abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        Kit = await BackupKit.CreateAsync();
        Offsite = await S3Server.StartAsync();
        await Offsite.CreateBucketAsync(Bucket);
        var settings = Kit.Settings(Offsite, Bucket);
        settings["Waymark:Incidents:PollInterval"] = "00:00:00.200";
        Server = await WaymarkTestServer.StartAsync(Provider, settings);
        await WaitForTheIncidentWorkerAsync();
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Offsite is not null)
        {
            await Offsite.DisposeAsync();
        }

        Kit?.Dispose();
    }

    /// <summary>The incident worker's first read only marks where it starts; what a test records before that goes unseen.</summary>
    private async Task WaitForTheIncidentWorkerAsync()
    {
        var tail = Server.Services.GetRequiredService<AuditTail>();
        var waited = Stopwatch.StartNew();
        while ((await tail.ReadAsync("incidents", 1)).IsStart)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The incident worker did not start reading the audit log within 30 s.");
            }

            await Task.Delay(50);
        }
    }
}

public sealed class SqliteBackupServers : BackupServers
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresBackupServers : BackupServers
{
    protected override string Provider => "postgres";
}
