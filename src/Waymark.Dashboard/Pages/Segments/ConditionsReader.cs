using System.Globalization;
using System.Text.Json;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>A saved segment's rule JSON turned into the builder's rows, the way <see cref="ConditionsWriter"/> writes them back.</summary>
public static class ConditionsReader
{
    public static List<RuleRow> Read(JsonElement conditions)
    {
        var rows = new List<RuleRow>();
        Group(conditions, 0, rows);
        return rows;
    }

    private static void Group(JsonElement group, int depth, List<RuleRow> rows)
    {
        var row = RuleRow.New(RuleRow.Group, depth);
        row.Match = Text(group, "match") ?? "all";
        rows.Add(row);
        if (group.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in rules.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                if (rule.TryGetProperty("match", out _))
                {
                    Group(rule, depth + 1, rows);
                }
                else
                {
                    rows.Add(Rule(rule, depth + 1));
                }
            }
        }
    }

    private static RuleRow Rule(JsonElement rule, int depth)
    {
        var type = Text(rule, "type") ?? RuleTypes.UserTrait;
        var row = RuleRow.New(type, depth);
        row.Type = type;
        row.Op = Text(rule, "op") ?? row.Op;
        row.Key = Text(rule, "key");
        row.Event = Text(rule, "event");
        row.Did = rule.TryGetProperty("did", out var did) && did.ValueKind == JsonValueKind.False ? "did_not" : "did";
        row.AtLeast = Number(rule, "at_least");
        row.WithinDays = Number(rule, "within_days");
        row.Days = Number(rule, "days");
        if (rule.TryGetProperty("value", out var value))
        {
            (row.ValueKind, row.Value) = value.ValueKind switch
            {
                JsonValueKind.Number => ("number", value.GetRawText()),
                JsonValueKind.True => ("boolean", "true"),
                JsonValueKind.False => ("boolean", "false"),
                _ => ("text", value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()),
            };
        }

        return row;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;
}
