using System.Text.Json.Serialization;

namespace Waymark.Experiences.Definitions;

/// <summary>A checklist as authored: tasks that complete on an event or a flow, and its targeting.</summary>
internal sealed record ChecklistDefinition
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("title")]
    public string Title { get; init; } = "";

    [JsonPropertyName("tasks")]
    public IReadOnlyList<ChecklistTask> Tasks { get; init; } = [];

    [JsonPropertyName("targeting")]
    public Targeting Targeting { get; init; } = new();
}

internal sealed record ChecklistTask
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("title")]
    public string Title { get; init; } = "";

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    [JsonPropertyName("completes_on")]
    public TaskCompletion CompletesOn { get; init; } = new();

    [JsonPropertyName("action")]
    public TaskAction? Action { get; init; }
}

internal sealed record TaskCompletion
{
    public static readonly string[] Types = ["event", "flow"];

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("event")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Event { get; init; }

    [JsonPropertyName("flow_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FlowId { get; init; }
}

internal sealed record TaskAction
{
    public static readonly string[] Types = ["url", "flow"];

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("flow_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FlowId { get; init; }
}
