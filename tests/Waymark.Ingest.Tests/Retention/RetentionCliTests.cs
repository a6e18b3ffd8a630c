using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Retention;

/// <summary><c>waymark retention show|set</c>, run as the real binary.</summary>
public sealed class RetentionCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task Retention_IsSetInDaysOrForever_AndABadValueChangesNothing()
    {
        var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Shop", "--json", "--data", _data)).RootElement.GetProperty("workspaceId").GetString()!;

        var initially = await WaymarkProcess.RunCliAsync("retention", "show", "--workspace", id, "--data", _data);
        var set = await WaymarkProcess.RunCliAsync("retention", "set", "--workspace", id, "--days", "30", "--data", _data);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("retention", "set", "--workspace", id, "--days", "0", "--data", _data));
        var afterRefusal = await WaymarkProcess.RunCliAsync("retention", "show", "--workspace", id, "--data", _data);
        await WaymarkProcess.RunCliAsync("retention", "set", "--workspace", id, "--days", "forever", "--data", _data);
        var forever = await WaymarkProcess.RunCliAsync("retention", "show", "--workspace", id, "--data", _data);

        Assert.Contains("Events are kept forever.", initially, StringComparison.Ordinal);
        Assert.Contains("kept for 30 day(s)", set, StringComparison.Ordinal);
        Assert.Contains("1 to 3650, or forever", refused.Message, StringComparison.Ordinal);
        Assert.Contains("kept for 30 day(s)", afterRefusal, StringComparison.Ordinal);
        Assert.Contains("Events are kept forever.", forever, StringComparison.Ordinal);
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
}
