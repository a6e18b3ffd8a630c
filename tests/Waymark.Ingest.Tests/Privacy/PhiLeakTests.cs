using System.Net;
using System.Text;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Privacy;

/// <summary>
/// Sends PHI canaries (explicit phi keys, and unclassified keys under HIPAA mode) through ingest, refused requests
/// and every read path, then looks for them where they must never be: answers to callers without phi:read, error
/// answers, the server's logs, <c>/metrics</c>, the audit log and the raw database files.
/// </summary>
public sealed class PhiLeakTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PhiCanaries_NeverAppearInLogsErrorsMetricsAuditOrDatabaseFiles(string provider)
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var api = await CreateAsync(server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi", ["plan"] = "public", ["email"] = "personal" }, hipaa_mode = true });
        var canaries = Enumerable.Range(0, 7).Select(i => $"PHICANARY{i}{Guid.NewGuid():N}").ToArray();
        await api.SendAsync("/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "identify", userId = "u-leak", traits = new { diagnosis = canaries[0], condition = canaries[1], email = "leak@example.test", plan = "pro-plan-visible" } },
                new { type = "track", userId = "u-leak", @event = "Dose Logged", properties = new { symptom = canaries[2], diagnosis = canaries[3] } },
                new { type = "group", userId = "u-leak", groupId = "c-leak", traits = new { condition = canaries[4] } },
            },
        });
        var refused = await api.Write.PostAsync("/v1/batch", Json(new { batch = new object[] { new { type = "bogus", userId = "u-leak", traits = new { condition = canaries[5] } } } }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var answers = new StringBuilder(await refused.Content.ReadAsStringAsync());

        using var masked = await api.KeyClientAsync("data:read");
        using var phiReader = await api.KeyClientAsync("data:read", "phi:read");
        string[] reads = ["/v1/users/u-leak", "/v1/users/u-leak/events", "/v1/companies/c-leak", "/v1/users?trait=email&value=leak@example.test"];
        foreach (var path in reads)
        {
            var response = await masked.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Append(await response.Content.ReadAsStringAsync());
        }

        var disclosed = new StringBuilder();
        foreach (var path in reads)
        {
            disclosed.Append(await (await phiReader.GetAsync(path)).Content.ReadAsStringAsync());
        }

        Assert.Contains(canaries[0], disclosed.ToString(), StringComparison.Ordinal);
        Assert.Contains(canaries[4], disclosed.ToString(), StringComparison.Ordinal);
        foreach (var path in new[] { "/v1/users?trait=condition&value=" + canaries[1], "/v1/users/u-leak/events?cursor=" + canaries[6], "/v1/users/" + canaries[6] })
        {
            answers.Append(await (await phiReader.GetAsync(path)).Content.ReadAsStringAsync());
        }

        var metrics = await server.Client().GetStringAsync("/metrics");
        Assert.Contains("waymark_ingest_events_accepted", metrics, StringComparison.Ordinal);
        var audit = await (await api.Full.GetAsync("/v1/audit/export?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("data.phi-read", audit, StringComparison.Ordinal);

        var files = provider == "postgres" ? await PostgresFilesAsync() : Directory.GetFiles(server.DataDirectory);
        Assert.True(RawFiles.Contain(files, "pro-plan-visible"), "The public control value should be found in plaintext, or the scan reads nothing.");
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, answers.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(canary, server.Logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, audit, StringComparison.Ordinal);
            Assert.False(RawFiles.Contain(files, canary), $"A PHI value was found in plaintext in the {provider} files.");
        }
    }

    private static async Task<string[]> PostgresFilesAsync()
    {
        await PostgresServer.Instance.CheckpointAsync();
        return Directory.GetFiles(PostgresServer.Instance.DataDirectory, "*", SearchOption.AllDirectories);
    }
}
