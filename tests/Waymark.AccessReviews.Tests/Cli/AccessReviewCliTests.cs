using System.Text.Json;
using Waymark.AccessReviews.Tests.Evidence;
using Waymark.TestSupport;

namespace Waymark.AccessReviews.Tests.Cli;

/// <summary><c>waymark access-reviews list|start|evidence</c>, run as the real binary.</summary>
public sealed class AccessReviewCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task AReview_IsStartedListedAndExportedAsEvidence_AndAnUnknownReviewIsRefused()
    {
        var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Reviewed", "--json", "--data", _data)).RootElement.GetProperty("workspaceId").GetString()!;
        string[] workspace = ["--workspace", id, "--data", _data];
        var file = Path.Combine(_data, "evidence.csv");

        var empty = await WaymarkProcess.RunCliAsync(["access-reviews", "list", .. workspace]);
        var started = await WaymarkProcess.RunCliAsync(["access-reviews", "start", .. workspace]);
        var listed = await WaymarkProcess.RunCliAsync(["access-reviews", "list", .. workspace]);
        var reviewId = listed.Split('\n')[0].Split('\t')[0];
        await WaymarkProcess.RunCliAsync(["access-reviews", "evidence", .. workspace, "--review", reviewId, "--out", file]);
        var printed = await WaymarkProcess.RunCliAsync(["access-reviews", "evidence", .. workspace, "--review", reviewId]);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(["access-reviews", "evidence", .. workspace, "--review", "999999"]));

        Assert.Contains("no access reviews yet", empty, StringComparison.Ordinal);
        Assert.Contains($"Started access review {reviewId} with 2 item(s)", started, StringComparison.Ordinal);
        Assert.Contains("\tmanual\topen\t0/2 decided\t", listed, StringComparison.Ordinal);
        var rows = EvidenceTests.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(3, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal(["key", reviewId, "manual"], [r[6], r[0], r[1]]));
        Assert.Equal(await File.ReadAllTextAsync(file), printed);
        Assert.Contains("Access review not found", unknown.Message, StringComparison.Ordinal);
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
