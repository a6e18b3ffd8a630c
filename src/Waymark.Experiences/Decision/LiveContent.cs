using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;

namespace Waymark.Experiences.Decision;

/// <summary>What is live in one workspace and environment, parsed once per change: the content decision's input.</summary>
internal sealed record LiveContent(IReadOnlyList<LiveFlow> Flows, IReadOnlyList<LiveChecklist> Checklists, IReadOnlyList<LiveSurvey> Surveys)
{
    public static readonly LiveContent Empty = new([], [], []);
}

/// <summary>A live flow, with the part the SDK receives serialised once.</summary>
internal sealed record LiveFlow(string Id, int Version, long PublishedAt, FlowDefinition Definition, PreparedFlow View)
{
    public Targeting Targeting => Definition.Targeting;
}

internal sealed record LiveChecklist(string Id, int Version, long PublishedAt, ChecklistDefinition Definition)
{
    public Targeting Targeting => Definition.Targeting;
}

/// <summary>A flow as the SDK gets it: the steps and how it starts, never its targeting.</summary>
internal sealed record FlowView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("trigger")] Trigger Trigger,
    [property: JsonPropertyName("steps")] IReadOnlyList<FlowStep> Steps);

/// <summary>
/// A <see cref="FlowView"/> serialised when the live content loads: most of each answer is step text that does not
/// change between requests, so answers copy these bytes instead of serialising the steps again.
/// </summary>
[JsonConverter(typeof(PreparedFlowConverter))]
internal sealed class PreparedFlow(byte[] json)
{
    public ReadOnlySpan<byte> Json => json;
}

internal sealed class PreparedFlowConverter : JsonConverter<PreparedFlow>
{
    public override PreparedFlow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Prepared flows are only written.");

    public override void Write(Utf8JsonWriter writer, PreparedFlow value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}

internal sealed record LiveSurvey(string Id, int Version, long PublishedAt, SurveyDefinition Definition)
{
    public Targeting Targeting => Definition.Targeting;

    public SurveyView View => new(Id, Version, Definition.Name, Targeting.Trigger, Definition.Questions, Definition.ThankYou);
}

/// <summary>A survey as the SDK gets it: its questions with their branching, never its targeting.</summary>
internal sealed record SurveyView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("trigger")] Trigger Trigger,
    [property: JsonPropertyName("questions")] IReadOnlyList<SurveyQuestion> Questions,
    [property: JsonPropertyName("thank_you")] string ThankYou);

internal sealed record ChecklistView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskView> Tasks,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("total")] int Total);

internal sealed record TaskView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("done")] bool Done,
    [property: JsonPropertyName("action")] TaskAction? Action);

/// <summary>The answer of <c>GET /v1/content</c>.</summary>
internal sealed record ContentAnswer(
    [property: JsonPropertyName("flows")] IReadOnlyList<PreparedFlow> Flows,
    [property: JsonPropertyName("checklists")] IReadOnlyList<ChecklistView> Checklists,
    [property: JsonPropertyName("surveys")] IReadOnlyList<SurveyView> Surveys,
    [property: JsonPropertyName("watch_events")] IReadOnlyCollection<string> WatchEvents);
