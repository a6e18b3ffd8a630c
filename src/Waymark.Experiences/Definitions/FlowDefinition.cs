using System.Text.Json.Serialization;

namespace Waymark.Experiences.Definitions;

/// <summary>A flow as authored: its steps and its targeting.</summary>
internal sealed record FlowDefinition
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("steps")]
    public IReadOnlyList<FlowStep> Steps { get; init; } = [];

    [JsonPropertyName("targeting")]
    public Targeting Targeting { get; init; } = new();
}

internal sealed record FlowStep
{
    public static readonly string[] Types = ["modal", "tooltip", "banner", "hotspot"];
    public static readonly string[] Sides = ["top", "bottom", "left", "right"];
    public static readonly string[] Aligns = ["start", "center", "end"];
    public static readonly string[] Positions = ["top", "bottom"];

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("title")]
    public string Title { get; init; } = "";

    [JsonPropertyName("body")]
    public string Body { get; init; } = "";

    [JsonPropertyName("target")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    [JsonPropertyName("side")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Side { get; init; }

    [JsonPropertyName("align")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Align { get; init; }

    [JsonPropertyName("position")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Position { get; init; }

    [JsonPropertyName("buttons")]
    public IReadOnlyList<StepButton> Buttons { get; init; } = [];

    [JsonPropertyName("advance")]
    public Advance Advance { get; init; } = new();
}

internal sealed record StepButton
{
    public static readonly string[] Actions = ["next", "back", "dismiss", "complete", "url", "flow"];

    [JsonPropertyName("label")]
    public string Label { get; init; } = "";

    [JsonPropertyName("action")]
    public string Action { get; init; } = "";

    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("flow_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FlowId { get; init; }
}

internal sealed record Advance
{
    public static readonly string[] Ons = ["button", "click", "event"];

    [JsonPropertyName("on")]
    public string On { get; init; } = "button";

    [JsonPropertyName("event")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Event { get; init; }
}
