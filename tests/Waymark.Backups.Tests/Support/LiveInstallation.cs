using System.Text.Json;
using System.Text.RegularExpressions;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Support;

/// <summary>
/// A Waymark as an operator runs it: a workspace made with <c>waymark workspace create</c>, <c>waymark serve</c> as a real
/// process, users identified through the API, and backups and restores made with the real CLI.
/// </summary>
internal sealed partial class LiveInstallation : IAsyncDisposable
{
    private readonly BackupKit _kit;
    private WaymarkProcess? _server;

    private LiveInstallation(BackupKit kit, Installation installation, string writeKey, string serverKey, WaymarkProcess server)
    {
        _kit = kit;
        Installation = installation;
        WriteKey = writeKey;
        ServerKey = serverKey;
        _server = server;
        Api = new WorkspaceApi(server.BaseAddress, writeKey, serverKey);
    }

    public Installation Installation { get; }

    public string WriteKey { get; }

    public string ServerKey { get; }

    /// <summary>The workspace through the running server.</summary>
    public WorkspaceApi Api { get; }

    /// <summary>A new installation with one workspace, serving, and <paramref name="users"/> identified with personal traits.</summary>
    public static async Task<LiveInstallation> StartAsync(string provider, BackupKit kit, params string[] users)
    {
        var installation = await Installation.CreateAsync(provider, kit);
        var workspace = await CreateWorkspaceAsync(installation);
        var live = new LiveInstallation(kit, installation, workspace.WriteKey, workspace.ServerKey, await installation.StartServerAsync());
        foreach (var user in users)
        {
            await live.Api.IdentifyAsync(user);
        }

        return live;
    }

    /// <summary>Creates a workspace with the CLI (migrating a PostgreSQL database first, as an operator must); answers its keys.</summary>
    public static async Task<(string WriteKey, string ServerKey)> CreateWorkspaceAsync(Installation installation)
    {
        if (installation.Database is not null)
        {
            await WaymarkProcess.RunCliAsync(installation.Command("migrate"));
        }

        var created = JsonDocument.Parse(await WaymarkProcess.RunCliAsync(installation.Command("workspace", "create", "Backed up", "--json"))).RootElement;
        return (created.GetProperty("writeKey").GetString()!, created.GetProperty("serverKey").GetString()!);
    }

    /// <summary><c>waymark backup</c> to the kit's directory location; answers the backup's id.</summary>
    public async Task<string> BackUpAsync()
    {
        var run = await WaymarkProcess.RunCliAsync(BackupKit.AsEnvironment(_kit.Settings()), Installation.Command("backup"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var match = BackupLine().Match(run.Output);
        Assert.True(match.Success, run.ToString());
        return match.Groups[1].Value;
    }

    /// <summary><c>waymark restore BACKUP --identity F</c> into <paramref name="target"/>, with the kit's location configured.</summary>
    public static Task<CliRun> RestoreAsync(BackupKit kit, Installation target, string backup, string? identityFile = null, bool force = false)
    {
        string[] command = force ? ["restore", backup, "--identity", identityFile ?? kit.IdentityFile, "--force"] : ["restore", backup, "--identity", identityFile ?? kit.IdentityFile];
        return WaymarkProcess.RunCliAsync(BackupKit.AsEnvironment(kit.Settings()), target.Command(command));
    }

    /// <summary>Stops the server at once, as a crash or an operator's kill would, before its database is replaced.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>A server on <paramref name="installation"/> and the same workspace through it.</summary>
    public async Task<(WaymarkProcess Server, WorkspaceApi Api)> ServeAsync(Installation installation)
    {
        var server = await installation.StartServerAsync();
        return (server, new WorkspaceApi(server.BaseAddress, WriteKey, ServerKey));
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await StopAsync();
    }

    [GeneratedRegex(@"Backup (wmb_\S+) succeeded:")]
    private static partial Regex BackupLine();
}
