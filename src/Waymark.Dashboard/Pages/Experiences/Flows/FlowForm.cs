using System.Text.Json;
using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Flows;

/// <summary>
/// A flow as the editor's form holds it, mapped to and from the definition JSON of docs/experiences.md. Fields that
/// do not apply to a step's type are kept while editing (switching a type back loses nothing) and dropped on save.
/// </summary>
public sealed class FlowForm : IContentForm<FlowForm>
{
    public const int MaxSteps = 20;
    public const int MaxButtons = 4;

    public string? Name { get; set; }

    public List<StepForm> Steps { get; set; } = [];

    public TargetingForm Targeting { get; set; } = new();

    public static FlowForm New() => new() { Steps = [new StepForm()] };

    static FlowForm IContentForm<FlowForm>.From(JsonElement definition)
    {
        var flow = definition.Deserialize<FlowDefinition>(DefinitionReader.Json)!;
        return new FlowForm
        {
            Name = flow.Name,
            Steps = flow.Steps.Select(StepForm.From).ToList(),
            Targeting = TargetingForm.From(flow.Targeting),
        };
    }

    /// <summary>The definition to save, as JSON; the library checks it whole and says what is wrong.</summary>
    Outcome<byte[]> IContentForm<FlowForm>.ToJson()
    {
        var targeting = Targeting.ToTargeting(withTrigger: true);
        if (targeting.Refusal is { } refusal)
        {
            return refusal;
        }

        var flow = new FlowDefinition
        {
            Name = Name?.Trim() ?? "",
            Steps = Steps.Select(s => s.ToStep()).ToList(),
            Targeting = targeting.Value!,
        };
        return JsonSerializer.SerializeToUtf8Bytes(flow, DefinitionReader.Json);
    }

    /// <summary>
    /// Applies one of the editor's structural buttons (<c>add-step</c>, <c>remove-step:2</c>, <c>up:2</c>,
    /// <c>down:2</c>, <c>add-button:2</c>, <c>remove-button:2:1</c>, <c>add-page</c>, <c>remove-page:0</c>); answers
    /// whether it was one. Out-of-range positions change nothing: the form may be stale.
    /// </summary>
    public bool Apply(string command)
    {
        var c = EditorCommand.Parse(command);
        if (c.ApplyTo(Steps, "step", MaxSteps) || Targeting.Apply(c))
        {
            return true;
        }

        var inStep = c.At >= 0 && c.At < Steps.Count;
        switch (c.Verb)
        {
            case "add-button" when inStep && Steps[c.At].Buttons.Count < MaxButtons:
                Steps[c.At].Buttons.Add(new ButtonForm());
                return true;
            case "remove-button" when inStep && c.Second >= 0 && c.Second < Steps[c.At].Buttons.Count:
                Steps[c.At].Buttons.RemoveAt(c.Second);
                return true;
            default:
                return false;
        }
    }
}
