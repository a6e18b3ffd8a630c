using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Flows;

/// <summary>One step of the flow editor, with every field any step type may use.</summary>
public sealed class StepForm
{
    /// <summary>The step's id, kept hidden so that progress by step id survives edits; empty for a new step.</summary>
    public string? Id { get; set; }

    public string Type { get; set; } = "modal";

    public string? Title { get; set; }

    public string? Body { get; set; }

    public string? Target { get; set; }

    public string Side { get; set; } = "bottom";

    public string Align { get; set; } = "center";

    public string Position { get; set; } = "top";

    public string AdvanceOn { get; set; } = "button";

    public string? AdvanceEvent { get; set; }

    public List<ButtonForm> Buttons { get; set; } = [];

    internal static StepForm From(FlowStep step) => new()
    {
        Id = step.Id,
        Type = step.Type,
        Title = step.Title,
        Body = step.Body,
        Target = step.Target,
        Side = step.Side ?? "bottom",
        Align = step.Align ?? "center",
        Position = step.Position ?? "top",
        AdvanceOn = step.Advance.On,
        AdvanceEvent = step.Advance.Event,
        Buttons = step.Buttons.Select(b => new ButtonForm { Label = b.Label, Action = b.Action, Url = b.Url, FlowId = b.FlowId }).ToList(),
    };

    internal FlowStep ToStep()
    {
        var anchored = Type is "tooltip" or "hotspot";
        return new FlowStep
        {
            Id = Id?.Trim() ?? "",
            Type = Type,
            Title = Title?.Trim() ?? "",
            Body = Body ?? "",
            Target = anchored ? Target?.Trim() : null,
            Side = anchored ? Side : null,
            Align = anchored ? Align : null,
            Position = Type == "banner" ? Position : null,
            Advance = new Advance { On = AdvanceOn, Event = AdvanceOn == "event" ? AdvanceEvent?.Trim() : null },
            Buttons = Buttons.Select(b => b.ToButton()).ToList(),
        };
    }
}

/// <summary>A button of a step: a label and what it does, with the address or flow that only some actions use.</summary>
public sealed class ButtonForm
{
    public string? Label { get; set; }

    public string Action { get; set; } = "next";

    public string? Url { get; set; }

    public string? FlowId { get; set; }

    internal StepButton ToButton() => new()
    {
        Label = Label?.Trim() ?? "",
        Action = Action,
        Url = Action == "url" ? Url?.Trim() : null,
        FlowId = Action == "flow" ? FlowId : null,
    };
}
