using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Hosting;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Export;

/// <summary>
/// Exports larger than <c>Waymark:Exports:InlineMaxEvents</c> (5 here): a job writes them into sealed chunks (4 KiB
/// here, so an export spans several), the download holds the same content as an export in the response would, it
/// expires, and nothing of it is readable in the database files.
/// </summary>
public abstract class ExportJobTests(ExportJobServerFixture fixture)
{
    private const int Tracks = 9;
    private static readonly string UserPath = "/v1/users/" + Uri.EscapeDataString(ExportSeed.UserId);
    private readonly WaymarkTestServer _server = fixture.Server;

    [Fact]
    public async Task LargeExport_RunsAsAJob_AndItsDownloadRoundTripsEveryStoredValue()
    {
        var (api, seed) = await SeedAsync();

        var started = await StartAsync(api.Full, UserPath + "/export?format=csv");
        var job = await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        var download = await api.Full.GetAsync((string)started["download_url"]!);

        Assert.StartsWith("exp_", (string?)started["export_id"], StringComparison.Ordinal);
        Assert.Equal("/v1/exports/" + (string?)started["export_id"], (string?)started["download_url"]);
        Assert.True(DateTimeOffset.Parse((string)started["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture) > fixture.Clock.GetUtcNow().AddHours(23));
        Assert.Equal("export_user", (string?)job["type"]);
        Assert.Equal(Tracks + 3L, (long)job["total_rows"]!);
        Assert.Equal(Tracks + 3L, (long)job["completed_rows"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var text = await download.Content.ReadAsStringAsync();
        Assert.True(text.Length > 3 * 4096, "The export should span several chunks.");
        ExportTests.AssertRoundTrips(seed, ExportCsv.Parse(text), Tracks);
    }

    [Fact]
    public async Task LargeJsonExport_DownloadsTheReadApisEvents()
    {
        var (api, seed) = await SeedAsync();

        var started = await StartAsync(api.Full, UserPath + "/export?format=json");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        var export = await GetJsonAsync(api.Full, (string)started["download_url"]!);

        Assert.Equal(ExportSeed.UserId, (string?)export["user_id"]);
        Assert.True(JsonNode.DeepEquals(seed.Traits, export["profile"]!["traits"]));
        var apiEvents = (await GetJsonAsync(api.Full, UserPath + "/events"))["events"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(apiEvents, export["events"]));
    }

    [Fact]
    public async Task JobExports_AreAuditedWhenStartedAndWhenDownloaded()
    {
        var (api, _) = await SeedAsync();

        var started = await StartAsync(api.Full, UserPath + "/export");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync((string)started["download_url"]!)).StatusCode);

        var entries = await api.AuditAsync("data.exported");
        Assert.Equal(["download", "job"], entries.Select(e => (string)e["details"]!["delivery"]!).ToArray());
        Assert.All(entries, e =>
        {
            Assert.Equal((string?)started["export_id"], (string?)e["details"]!["export_id"]);
            Assert.Equal((Tracks + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)e["details"]!["events"]);
            Assert.Matches("^[0-9a-f]{32}$", (string)e["target"]!["id"]!);
        });
    }

    [Fact]
    public async Task Download_OfAnotherWorkspacesExport_Is404()
    {
        var (api, _) = await SeedAsync();
        var started = await StartAsync(api.Full, UserPath + "/export");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        var other = await CreateAsync(_server);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Full.GetAsync((string)started["download_url"]!)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/exports/exp_unknown")).StatusCode);
    }

    [Fact]
    public async Task Download_OfAnExportWithPhi_NeedsPhiRead()
    {
        var api = await CreateAsync(_server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["dose"] = "phi" } });
        var secret = "PHI" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 6; i++)
        {
            await api.SendAsync("/v1/track", new { userId = "u-phi-job", @event = "Dose", properties = new { dose = secret } });
        }

        var started = await StartAsync(api.Full, "/v1/users/u-phi-job/export");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        using var reader = await api.KeyClientAsync("data:read");

        var refused = await reader.GetAsync((string)started["download_url"]!);
        var allowed = await api.Full.GetAsync((string)started["download_url"]!);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(secret, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(secret, await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var phiRead = Assert.Single(await api.AuditAsync("data.phi-read"));
        Assert.Equal("dose", (string?)phiRead["details"]!["keys"]);
    }

    [Fact]
    public async Task JobExport_LeavesNoPersonalValueReadableInTheDatabaseFiles()
    {
        var api = await CreateAsync(_server);
        var canary = "CANARY" + Guid.NewGuid().ToString("N");
        await api.SendAsync("/v1/identify", new { userId = "u-canary", traits = new { email = canary + "@example.test" } });
        for (var i = 0; i < 6; i++)
        {
            await api.SendAsync("/v1/track", new { userId = "u-canary", @event = "Viewed", properties = new { note = canary + "-note" } });
        }

        var started = await StartAsync(api.Full, "/v1/users/u-canary/export?format=json");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        Assert.Contains(canary + "-note", await (await api.Full.GetAsync((string)started["download_url"]!)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var files = _server.Provider == "postgres" ? await PostgresFilesAsync() : Directory.GetFiles(_server.DataDirectory);
        Assert.True(RawFiles.Contain(files, "export_user"), "The job type should be found in plaintext, or the scan reads nothing.");
        Assert.False(RawFiles.Contain(files, canary), $"A personal value was found in plaintext in the {_server.Provider} files.");
        Assert.False(RawFiles.Contain(files, "u-canary"));
        Assert.DoesNotContain(canary, _server.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_BeforeTheJobHasRun_Is409_NamingTheJobToPoll()
    {
        await using var server = await WaymarkTestServer.StartAsync(_server.Provider, new Dictionary<string, string?> { ["Waymark:Exports:InlineMaxEvents"] = "5" }, role: Role.Ingest | Role.App);
        var api = await CreateAsync(server);
        await new ExportSeed().SendAsync(api, Tracks);

        var started = await StartAsync(api.Full, UserPath + "/export");
        var response = await api.Full.GetAsync((string)started["download_url"]!);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)started["job_id"], (string?)problem["job_id"]);
        Assert.Contains("/v1/background_jobs/" + (string?)started["job_id"], (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("queued", (string?)(await GetJsonAsync(api.Full, "/v1/background_jobs/" + (string?)started["job_id"]))["status"]);
    }

    [Fact]
    public async Task Download_AfterTheUserWasDeleted_Is404()
    {
        var (api, _) = await SeedAsync();
        var started = await StartAsync(api.Full, UserPath + "/export");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Full.DeleteAsync(UserPath)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync((string)started["download_url"]!)).StatusCode);
    }

    [Fact]
    public async Task Download_AfterItExpired_Is410_AndTheExportIsDeleted()
    {
        var (api, _) = await SeedAsync();
        var started = await StartAsync(api.Full, UserPath + "/export");
        await WaitForJobAsync(api.Full, (string)started["job_id"]!);
        var url = (string)started["download_url"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync(url)).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var expired = await api.Full.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync(url)).StatusCode);
    }

    private async Task<(WorkspaceClient Api, ExportSeed Seed)> SeedAsync()
    {
        var api = await CreateAsync(_server);
        var seed = new ExportSeed();
        await seed.SendAsync(api, Tracks);
        return (api, seed);
    }

    private static async Task<JsonObject> StartAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string?)body["download_url"], response.Headers.Location?.OriginalString);
        return body;
    }

    private static async Task<JsonObject> WaitForJobAsync(HttpClient client, string jobId)
    {
        var job = await BackgroundJobs.WaitForJobAsync(client, jobId);
        Assert.Equal("completed", (string?)job["status"]);
        return job;
    }

    private static async Task<string[]> PostgresFilesAsync()
    {
        await PostgresServer.Instance.CheckpointAsync();
        return Directory.GetFiles(PostgresServer.Instance.DataDirectory, "*", SearchOption.AllDirectories);
    }
}

public sealed class SqliteExportJobTests(SqliteExportJobServerFixture fixture) : ExportJobTests(fixture), IClassFixture<SqliteExportJobServerFixture>;

public sealed class PostgresExportJobTests(PostgresExportJobServerFixture fixture) : ExportJobTests(fixture), IClassFixture<PostgresExportJobServerFixture>;
