using System.Net;
using Microsoft.VisualBasic.FileIO;
using Waymark.AccessReviews.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport;
using static Waymark.AccessReviews.Tests.Support.ReviewWorkspace;

namespace Waymark.AccessReviews.Tests.Evidence;

/// <summary>
/// <c>GET /v1/access-reviews/{id}/evidence</c>: a CSV attachment that a standard reader parses, one row per item with
/// its decision, cells that a spreadsheet would run as formulas defused, and every export audited.
/// </summary>
public abstract class EvidenceTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Evidence_IsACsvAStandardReaderParses_ListingEveryItemWithItsDecision_AndTheExportIsAudited()
    {
        var workspace = await CreateAsync(server);
        var member = await workspace.JoinAsync("viewer");
        var id = (long)(await workspace.StartAsync())["id"]!;
        var items = Items(await workspace.GetAsync(id));
        var memberItem = items.Single(i => (string?)i["account_id"] == member.AccountId && (string?)i["kind"] == "member");
        Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync(id, (long)memberItem["id"]!, new { decision = "confirm", note = "=HYPERLINK(\"http://x\"), still on the team" })).StatusCode);

        var response = await workspace.Full.GetAsync($"{Reviews}/{id}/evidence");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var rows = Parse(await response.Content.ReadAsStringAsync());
        var header = rows[0];
        Assert.Equal(
            ["campaign_id", "campaign_kind", "started_at", "due_at", "completed_at", "item_id", "item_kind", "account_id", "email", "role", "key_id", "key_prefix", "key_name", "key_scopes", "facts_checked", "decision", "decided_by", "decided_at", "note"],
            header);
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(items.Count, records.Count);
        Assert.Equal(items.Select(i => ((long)i["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), records.Select(r => r["item_id"]).Order());
        var confirmed = records.Single(r => r["account_id"] == member.AccountId);
        Assert.Equal("confirm", confirmed["decision"]);
        Assert.Equal(member.Email, confirmed["email"]);
        Assert.Equal("viewer", confirmed["role"]);
        Assert.StartsWith("server-key:", confirmed["decided_by"], StringComparison.Ordinal);
        Assert.NotEmpty(confirmed["decided_at"]);
        Assert.Equal("'=HYPERLINK(\"http://x\"), still on the team", confirmed["note"]);
        Assert.All(records.Where(r => r["item_kind"] == "key"), r => Assert.NotEmpty(r["key_prefix"]));
        Assert.All(records.Where(r => r != confirmed), r => Assert.Equal("", r["decision"]));
        Assert.All(records, r => Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), r["campaign_id"]));
        var exported = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewExported));
        Assert.Equal(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), exported.Details!["items"]);
    }

    [Fact]
    public async Task EvidenceOfAnUnknownReview_Is404()
    {
        var workspace = await CreateAsync(server);

        await AssertProblemAsync(await workspace.Full.GetAsync($"{Reviews}/987654321/evidence"), HttpStatusCode.NotFound, "not-found");

        Assert.Empty(await workspace.AuditAsync(AuditActions.AccessReviewExported));
    }

    /// <summary>Parses RFC 4180 CSV with .NET's own reader.</summary>
    internal static List<string[]> Parse(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }
}

public sealed class SqliteEvidenceTests(SqliteReviewServer fixture) : EvidenceTests(fixture.Server), IClassFixture<SqliteReviewServer>;

public sealed class PostgresEvidenceTests(PostgresReviewServer fixture) : EvidenceTests(fixture.Server), IClassFixture<PostgresReviewServer>;
