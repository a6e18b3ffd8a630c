using Microsoft.Extensions.DependencyInjection;
using Waymark.Backups.Running;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Support;

/// <summary>
/// One in-process installation per test class with a workspace, users u1 and u2 identified with personal traits, and
/// one backup of it at the kit's directory location: the backup the restore tests try to restore.
/// </summary>
public abstract class BackedUpSource : IAsyncLifetime
{
    internal BackupKit Kit { get; private set; } = null!;

    public WaymarkTestServer Server { get; private set; } = null!;

    internal Installation Installation => Installation.Of(Server);

    public string BackupId { get; private set; } = "";

    public string WriteKey { get; private set; } = "";

    public string ServerKey { get; private set; } = "";

    internal abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        Kit = await BackupKit.CreateAsync();
        Server = await WaymarkTestServer.StartAsync(Provider, Kit.Settings());
        var workspace = await Server.CreateWorkspaceAsync();
        (WriteKey, ServerKey) = (workspace.WriteKey, workspace.ServerKey);
        using (var api = new WorkspaceApi(Server.BaseAddress, WriteKey, ServerKey))
        {
            await api.IdentifyAsync("u1");
            await api.IdentifyAsync("u2");
        }

        var outcome = await Server.Services.GetRequiredService<BackupRunner>().BackUpAsync(BackupStates.Cli, null, null, CancellationToken.None);
        Assert.True(outcome.State == BackupStates.Succeeded, outcome.Error);
        BackupId = outcome.BackupId;
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Kit?.Dispose();
    }

    /// <summary>A new empty installation holding the source's master key, as an operator prepares a restore target.</summary>
    internal async Task<Installation> NewTargetAsync()
    {
        var target = await Installation.CreateAsync(Provider, Kit);
        target.CopyMasterKeyFrom(Installation);
        return target;
    }
}

public sealed class SqliteBackedUpSource : BackedUpSource
{
    internal override string Provider => "sqlite";
}

public sealed class PostgresBackedUpSource : BackedUpSource
{
    internal override string Provider => "postgres";
}
