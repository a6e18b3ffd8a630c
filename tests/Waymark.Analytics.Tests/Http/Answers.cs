using System.Globalization;
using System.Text.Json.Nodes;
using Waymark.Analytics.Tests.Support;

namespace Waymark.Analytics.Tests.Http;

/// <summary>Answers of the API and of <see cref="BruteForce"/> in one comparable text form, so a mismatch shows where.</summary>
internal static class Answers
{
    public static List<string> OfTrends(JsonObject answer) => answer["series"]!.AsArray().Select(s =>
        $"{s!["event"]}|{(string?)s["breakdown_value"] ?? "null"}|{s["total"]}|" + string.Join(",", s["points"]!.AsArray().Select(p => $"{p!["date"]}={p["value"]}"))).ToList();

    public static List<string> OfTrends(IEnumerable<BruteForce.Series> expected) => expected.Select(s =>
        $"{s.Event}|{s.BreakdownValue ?? "null"}|{s.Total}|" + string.Join(",", s.Points.Select(p => $"{AnalyticsWorkspace.Day(p.Date)}={p.Value}"))).ToList();

    public static List<string> OfRetention(JsonObject answer) => answer["cohorts"]!.AsArray().Select(c =>
        $"{c!["start"]}|{c["size"]}|" + string.Join(",", c["retained"]!.AsArray().Select(r => (long)r!))).ToList();

    public static List<string> OfRetention(IEnumerable<BruteForce.Cohort> expected) => expected.Select(c =>
        $"{AnalyticsWorkspace.Day(c.Start)}|{c.Size}|" + string.Join(",", c.Retained)).ToList();

    public static long[] StepUsers(JsonObject answer) => answer["steps"]!.AsArray().Select(s => (long)s!["users"]!).ToArray();

    public static string Range(DateOnly from, DateOnly to) =>
        $"from={AnalyticsWorkspace.Day(from)}&to={AnalyticsWorkspace.Day(to)}";

    public static string Query(string name, IEnumerable<string> values) => string.Join("&", values.Select(v => name + "=" + Uri.EscapeDataString(v)));

    public static double Number(JsonNode? node) => double.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);
}
