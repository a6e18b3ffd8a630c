using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Tests.Cli;

/// <summary><c>waymark data-classes hipaa-mode on|off</c>, run as the real binary.</summary>
public sealed class HipaaModeCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task HipaaMode_IsSwitchedOnAndOff_AndListShowsTheDefaultClass()
    {
        var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Clinic", "--json", "--data", _data)).RootElement.GetProperty("workspaceId").GetString()!;

        var on = await WaymarkProcess.RunCliAsync("data-classes", "hipaa-mode", "on", "--workspace", id, "--data", _data);
        var listedOn = await WaymarkProcess.RunCliAsync("data-classes", "list", "--workspace", id, "--data", _data);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("data-classes", "hipaa-mode", "maybe", "--workspace", id, "--data", _data));
        var listedAfterRefusal = await WaymarkProcess.RunCliAsync("data-classes", "list", "--workspace", id, "--data", _data);
        await WaymarkProcess.RunCliAsync("data-classes", "hipaa-mode", "off", "--workspace", id, "--data", _data);
        var listedOff = await WaymarkProcess.RunCliAsync("data-classes", "list", "--workspace", id, "--data", _data);

        Assert.Contains("HIPAA mode is on", on, StringComparison.Ordinal);
        Assert.Contains("(every other key: phi, HIPAA mode)", listedOn, StringComparison.Ordinal);
        Assert.Contains("maybe", refused.Message, StringComparison.Ordinal);
        Assert.Contains("(every other key: phi, HIPAA mode)", listedAfterRefusal, StringComparison.Ordinal);
        Assert.Contains("(every other key: personal)", listedOff, StringComparison.Ordinal);
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
