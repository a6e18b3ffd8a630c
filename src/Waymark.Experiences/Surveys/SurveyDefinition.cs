using System.Text.Json.Serialization;
using Waymark.Experiences.Definitions;

namespace Waymark.Experiences.Surveys;

/// <summary>An NPS or micro-survey as authored: questions with forward-only branching, a thank-you line and targeting.</summary>
internal sealed record SurveyDefinition
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("questions")]
    public IReadOnlyList<SurveyQuestion> Questions { get; init; } = [];

    [JsonPropertyName("thank_you")]
    public string ThankYou { get; init; } = "";

    [JsonPropertyName("targeting")]
    public Targeting Targeting { get; init; } = new();
}

internal sealed record SurveyQuestion
{
    public const string Nps = "nps";
    public const string Rating = "rating";
    public const string SingleChoice = "single_choice";
    public const string MultipleChoice = "multiple_choice";
    public const string Text = "text";
    public static readonly string[] Types = [Nps, Rating, SingleChoice, MultipleChoice, Text];

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("prompt")]
    public string Prompt { get; init; } = "";

    [JsonPropertyName("low_label")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LowLabel { get; init; }

    [JsonPropertyName("high_label")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HighLabel { get; init; }

    [JsonPropertyName("scale")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Scale { get; init; }

    [JsonPropertyName("options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<QuestionOption>? Options { get; init; }

    [JsonPropertyName("placeholder")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Placeholder { get; init; }

    [JsonPropertyName("next")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<QuestionBranch>? Next { get; init; }

    public bool IsScored => Type is Nps or Rating;

    public bool IsChoice => Type is SingleChoice or MultipleChoice;

    /// <summary>The lowest and highest score an answer may carry: 0–10 for NPS, 1..scale for a rating.</summary>
    public (int Min, int Max) ScoreRange => Type == Nps ? (0, 10) : (1, Scale ?? 5);
}

internal sealed record QuestionOption
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("label")]
    public string Label { get; init; } = "";
}

/// <summary>Where to go after a question when <see cref="When"/> matches: a later question or <c>end</c>.</summary>
internal sealed record QuestionBranch
{
    public const string End = "end";

    [JsonPropertyName("when")]
    public BranchCondition When { get; init; } = new();

    [JsonPropertyName("go_to")]
    public string GoTo { get; init; } = "";
}

internal sealed record BranchCondition
{
    [JsonPropertyName("min")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Min { get; init; }

    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Max { get; init; }

    [JsonPropertyName("choice")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Choice { get; init; }
}
