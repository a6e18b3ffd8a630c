using System.Text.Json;
using System.Text.RegularExpressions;
using Waymark.TestSupport;

namespace Waymark.Tests.Cli;

/// <summary>The operator's commands, run as the real binary.</summary>
public sealed partial class CliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task WorkspaceCreate_WithJson_PrintsExactlyTheDocumentedShape()
    {
        var output = (await WaymarkProcess.RunCliAsync("workspace", "create", "Acme", "--json", "--data", _data)).Trim();

        Assert.Matches(CreatedShape(), output);
        var created = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["workspaceId", "writeKey", "serverKey"], created.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task WorkspaceList_ShowsTheWorkspaceButNeverItsKeys()
    {
        var created = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Listed", "--json", "--data", _data)).RootElement;

        var table = await WaymarkProcess.RunCliAsync("workspace", "list", "--data", _data);
        var json = await WaymarkProcess.RunCliAsync("workspace", "list", "--json", "--data", _data);

        foreach (var output in new[] { table, json })
        {
            Assert.Contains(created.GetProperty("workspaceId").GetString()!, output, StringComparison.Ordinal);
            Assert.Contains("Listed", output, StringComparison.Ordinal);
            Assert.DoesNotContain(created.GetProperty("writeKey").GetString()!, output, StringComparison.Ordinal);
            Assert.DoesNotContain(created.GetProperty("serverKey").GetString()!, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DataClassesSet_ClassifiesKeys_AndRefusesUnknownClasses()
    {
        var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Classes", "--json", "--data", _data)).RootElement.GetProperty("workspaceId").GetString()!;

        await WaymarkProcess.RunCliAsync("data-classes", "set", "--workspace", id, "plan=public", "diagnosis=phi", "--data", _data);
        var listed = await WaymarkProcess.RunCliAsync("data-classes", "list", "--workspace", id, "--data", _data);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("data-classes", "set", "--workspace", id, "plan=secret", "--data", _data));

        Assert.Contains("plan=public", listed, StringComparison.Ordinal);
        Assert.Contains("diagnosis=phi", listed, StringComparison.Ordinal);
        Assert.Contains("is not KEY=CLASS", refused.Message, StringComparison.Ordinal);
        Assert.Contains("plan=public", await WaymarkProcess.RunCliAsync("data-classes", "list", "--workspace", id, "--data", _data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnFirstStart_CreatesAnOwnerOnlyMasterKeyAndWarns_AndNotAgainLater()
    {
        await using (var first = await WaymarkProcess.StartAsync(_data))
        {
            Assert.Contains("WARNING: Waymark generated a new master key", first.Output, StringComparison.Ordinal);
        }

        var keyFile = Path.Combine(_data, "master.key");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var key = await File.ReadAllTextAsync(keyFile);
        await using (var second = await WaymarkProcess.StartAsync(_data))
        {
            Assert.DoesNotContain("generated a new master key", second.Output, StringComparison.Ordinal);
        }

        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task Serve_OnPostgresWithPendingMigrations_RefusesAndSaysToRunMigrate()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("serve", "--database", database, "--data", _data, "--urls", "http://127.0.0.1:0"));
        Assert.Contains("waymark migrate", refused.Message, StringComparison.Ordinal);

        var migrated = await WaymarkProcess.RunCliAsync("migrate", "--database", database, "--data", _data);
        Assert.Contains("Applied", migrated, StringComparison.Ordinal);
        Assert.Contains("up to date", await WaymarkProcess.RunCliAsync("migrate", "--database", database, "--data", _data), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("""^\{"workspaceId": "ws_[0-9a-f]{16}", "writeKey": "wk_[A-Za-z0-9_-]{43}", "serverKey": "sk_[A-Za-z0-9_-]{43}"\}$""")]
    private static partial Regex CreatedShape();
}
