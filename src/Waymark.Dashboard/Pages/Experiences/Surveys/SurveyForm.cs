using System.Text.Json;
using System.Text.RegularExpressions;
using Waymark.Api;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

/// <summary>
/// A survey as the editor's form holds it, mapped to and from the definition JSON of docs/surveys.md. The library's
/// validator checks it whole on save; its refusal names a definition field, which <see cref="FieldOf"/> turns back
/// into the form field it came from.
/// </summary>
public sealed partial class SurveyForm : IContentForm<SurveyForm>
{
    public const int MaxQuestions = 10;

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["name"] = "Name", ["thank_you"] = "ThankYou", ["questions"] = "Questions", ["id"] = "Id", ["type"] = "Type", ["prompt"] = "Prompt",
        ["low_label"] = "LowLabel", ["high_label"] = "HighLabel", ["scale"] = "Scale", ["placeholder"] = "Placeholder", ["options"] = "Options",
        ["label"] = "Label", ["next"] = "Branches", ["when"] = "When", ["go_to"] = "GoTo", ["choice"] = "When", ["min"] = "When", ["max"] = "When",
        ["targeting"] = "Targeting", ["segment_id"] = "SegmentId", ["priority"] = "Priority",
    };

    public string? Name { get; set; }

    public string? ThankYou { get; set; }

    public List<QuestionForm> Questions { get; set; } = [];

    public TargetingForm Targeting { get; set; } = new();

    public static SurveyForm New() => new() { Questions = [QuestionForm.Blank("q1")], ThankYou = "Thanks for your answer!" };

    static SurveyForm IContentForm<SurveyForm>.From(JsonElement definition)
    {
        var survey = definition.Deserialize<SurveyDefinition>(DefinitionReader.Json)!;
        return new SurveyForm
        {
            Name = survey.Name,
            ThankYou = survey.ThankYou,
            Questions = survey.Questions.Select(QuestionForm.From).ToList(),
            Targeting = TargetingForm.From(survey.Targeting),
        };
    }

    Outcome<byte[]> IContentForm<SurveyForm>.ToJson()
    {
        var targeting = Targeting.ToTargeting(withTrigger: true);
        if (targeting.Refusal is { } refusal)
        {
            return refusal;
        }

        var survey = new SurveyDefinition
        {
            Name = Name?.Trim() ?? "",
            Questions = Questions.Select(q => q.ToQuestion()).ToList(),
            ThankYou = ThankYou?.Trim() ?? "",
            Targeting = targeting.Value!,
        };
        return JsonSerializer.SerializeToUtf8Bytes(survey, DefinitionReader.Json);
    }

    /// <summary>
    /// Applies one of the editor's structural buttons (<c>add-question</c>, <c>remove-question:2</c>, <c>up:2</c>,
    /// <c>down:2</c>, <c>add-option:2</c>, <c>remove-option:2:1</c>, <c>add-branch:2</c>, <c>remove-branch:2:0</c>,
    /// <c>add-page</c>, <c>remove-page:0</c>); answers whether it was one. Out-of-range positions change nothing.
    /// </summary>
    public bool Apply(string command)
    {
        // A question switched to a choice type shows the options it needs, even when they were dropped while it was not one.
        foreach (var choice in Questions.Where(q => q.IsChoice))
        {
            while (choice.Options.Count < 2)
            {
                choice.AddOption();
            }
        }

        var c = EditorCommand.Parse(command);
        if (c.ApplyTo(Questions, "question", MaxQuestions))
        {
            if (c.Verb == "add-question")
            {
                Questions[^1] = QuestionForm.Blank(NewQuestionId());
            }

            return true;
        }

        if (Targeting.Apply(c))
        {
            return true;
        }

        var question = c.At >= 0 && c.At < Questions.Count ? Questions[c.At] : null;
        switch (c.Verb)
        {
            case "add-option" when question is { Options.Count: < QuestionForm.MaxOptions }:
                question.AddOption();
                return true;
            case "remove-option" when question is not null && c.Second >= 0 && c.Second < question.Options.Count:
                question.Options.RemoveAt(c.Second);
                return true;
            case "add-branch" when question is { Branches.Count: < QuestionForm.MaxBranches }:
                question.Branches.Add(new BranchForm());
                return true;
            case "remove-branch" when question is not null && c.Second >= 0 && c.Second < question.Branches.Count:
                question.Branches.RemoveAt(c.Second);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Maps <c>questions[2].next[0].go_to …</c> to <c>Form.Questions[2].Branches[0].GoTo</c>; a path the form has no field for goes above the form.</summary>
    public string FieldOf(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var path = DefinitionPath().Match(refusal.Detail);
        if (!path.Success)
        {
            return "";
        }

        var key = "Form";
        foreach (Match part in PathPart().Matches(path.Value))
        {
            if (!FieldNames.TryGetValue(part.Groups["name"].Value, out var field))
            {
                return "";
            }

            if (key.EndsWith(".When", StringComparison.Ordinal))
            {
                break;
            }

            key += "." + field + (part.Groups["index"].Success ? $"[{part.Groups["index"].Value}]" : "");
        }

        return key;
    }

    /// <summary>The first <c>q{n}</c> no question has: ids stay stable, so answers and branches keep pointing at the same question.</summary>
    private string NewQuestionId()
    {
        var n = Questions.Count;
        while (Questions.Any(q => q.Id == $"q{n}"))
        {
            n++;
        }

        return $"q{n}";
    }

    [GeneratedRegex(@"^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*")]
    private static partial Regex DefinitionPath();

    [GeneratedRegex(@"(?<name>[a-z_]+)(\[(?<index>\d+)\])?")]
    private static partial Regex PathPart();
}
