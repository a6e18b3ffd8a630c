using System.Text.Json.Nodes;
using Microsoft.VisualBasic.FileIO;

namespace Waymark.Ingest.Tests.Export;

/// <summary>One row of a CSV export, parsed by a standard CSV reader; key and value JSON-decoded.</summary>
internal sealed record ExportRow(string Section, string Seq, string Type, string Timestamp, string ReceivedAt, string Field, string? Key, JsonNode? Value, bool Withheld, string[] Cells);

internal static class ExportCsv
{
    public static readonly string[] Header = ["section", "seq", "type", "timestamp", "received_at", "field", "key", "value"];

    /// <summary>Parses with .NET's own RFC 4180 reader (Microsoft.VisualBasic's TextFieldParser), not with Waymark code.</summary>
    public static IReadOnlyList<ExportRow> Parse(string text)
    {
        using var parser = new TextFieldParser(new StringReader(text))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        Assert.Equal(Header, parser.ReadFields());
        var rows = new List<ExportRow>();
        while (!parser.EndOfData)
        {
            var cells = parser.ReadFields()!;
            Assert.Equal(Header.Length, cells.Length);
            rows.Add(new ExportRow(
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                cells[4],
                cells[5],
                cells[6].Length == 0 ? null : JsonNode.Parse(cells[6])!.GetValue<string>(),
                cells[7].Length == 0 ? null : JsonNode.Parse(cells[7]),
                cells[7].Length == 0,
                cells));
        }

        return rows;
    }

    /// <summary>The rows of one field as a JSON object keyed by their key column.</summary>
    public static JsonObject Object(IEnumerable<ExportRow> rows, string field)
    {
        var result = new JsonObject();
        foreach (var row in rows.Where(r => r.Field == field))
        {
            result[row.Key!] = row.Value?.DeepClone();
        }

        return result;
    }

    public static JsonNode? Single(IEnumerable<ExportRow> rows, string field) => rows.Single(r => r.Field == field).Value;

    /// <summary>Event rows grouped by their seq, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<ExportRow>> Events(IReadOnlyList<ExportRow> rows) =>
        rows.Where(r => r.Section == "event").GroupBy(r => long.Parse(r.Seq, System.Globalization.CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g => (IReadOnlyList<ExportRow>)g.ToList()).ToList();
}
