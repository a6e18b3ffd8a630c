using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>
/// The rule JSON of docs/experiences.md ("Segments") written from the form's rows, with the JSON path of each row so
/// that a refusal naming a path can be shown beside that row. What the form itself can tell is wrong (a number that
/// is not one) is reported per row; everything else is left to the rule parser, the one place that decides.
/// </summary>
public sealed class ConditionsWriter
{
    private readonly Dictionary<string, int> _paths = new(StringComparer.Ordinal);
    private readonly List<(int Row, string Message)> _errors = [];

    private ConditionsWriter()
    {
    }

    /// <summary>Row index by JSON path, such as <c>conditions.rules[1]</c>.</summary>
    public IReadOnlyDictionary<string, int> Paths => _paths;

    /// <summary>Rows whose typed numbers or flags are not numbers or flags.</summary>
    public IReadOnlyList<(int Row, string Message)> Errors => _errors;

    public JsonElement Conditions { get; private set; }

    public static ConditionsWriter Write(RuleNode root)
    {
        var writer = new ConditionsWriter();
        var json = writer.Group(root, "conditions");
        writer.Conditions = JsonSerializer.SerializeToElement(json);
        return writer;
    }

    private JsonObject Group(RuleNode node, string path)
    {
        _paths[path] = node.Index;
        var rules = new JsonArray();
        for (var i = 0; i < node.Children.Count; i++)
        {
            var child = node.Children[i];
            var childPath = $"{path}.rules[{i.ToString(CultureInfo.InvariantCulture)}]";
            rules.Add(child.Row.IsGroup ? Group(child, childPath) : Rule(child, childPath));
        }

        return new JsonObject { ["match"] = node.Row.Match, ["rules"] = rules };
    }

    private JsonObject Rule(RuleNode node, string path)
    {
        _paths[path] = node.Index;
        var row = node.Row;
        var rule = new JsonObject { ["type"] = row.Type };
        switch (row.Type)
        {
            case RuleTypes.UserTrait or RuleTypes.CompanyTrait:
                rule["key"] = row.Key;
                rule["op"] = row.Op;
                if (RuleTypes.TakesValue(row.Op))
                {
                    rule["value"] = Value(node.Index, row);
                }

                break;
            case RuleTypes.Event:
                rule["event"] = row.Event?.Trim();
                rule["did"] = row.Did != "did_not";
                AddWhole(rule, "at_least", row.AtLeast, node.Index, "At least");
                AddWhole(rule, "within_days", row.WithinDays, node.Index, "Within days");
                break;
            case RuleTypes.FirstSeen:
                rule["op"] = row.Op;
                AddWhole(rule, "days", row.Days, node.Index, "Days");
                break;
            case RuleTypes.Company:
                rule["op"] = row.Op;
                break;
        }

        return rule;
    }

    private JsonValue? Value(int index, RuleRow row)
    {
        var text = row.Value ?? "";
        switch (row.ValueKind)
        {
            case "number":
                if (decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                _errors.Add((index, "The value is set to be a number: enter one, such as 10 or 2.5."));
                return null;
            case "boolean":
                switch (text.Trim().ToLowerInvariant())
                {
                    case "true":
                        return JsonValue.Create(true);
                    case "false":
                        return JsonValue.Create(false);
                    default:
                        _errors.Add((index, "The value is set to be true or false: enter true or false."));
                        return null;
                }

            default:
                return JsonValue.Create(text);
        }
    }

    /// <summary>Adds <paramref name="name"/> when something was typed: a whole number, whose range the parser checks.</summary>
    private void AddWhole(JsonObject rule, string name, string? typed, int index, string label)
    {
        var text = typed?.Trim() ?? "";
        if (text.Length == 0)
        {
            return;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            rule[name] = number;
        }
        else
        {
            _errors.Add((index, $"{label}: enter a whole number, or leave it empty."));
        }
    }
}
