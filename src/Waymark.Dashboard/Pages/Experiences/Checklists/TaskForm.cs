using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Checklists;

/// <summary>One task of the checklist editor: what completes it, and what its link does (nothing, a URL or a flow).</summary>
public sealed class TaskForm
{
    /// <summary>The task's id, kept hidden so that progress by task survives edits; empty for a new task.</summary>
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary><c>event</c> or <c>flow</c>.</summary>
    public string CompletesOn { get; set; } = "event";

    public string? CompletesOnEvent { get; set; }

    public string? CompletesOnFlowId { get; set; }

    /// <summary>Empty for no action, else <c>url</c> or <c>flow</c>.</summary>
    public string? ActionType { get; set; }

    public string? ActionUrl { get; set; }

    public string? ActionFlowId { get; set; }

    internal static TaskForm From(ChecklistTask task) => new()
    {
        Id = task.Id,
        Title = task.Title,
        Description = task.Description,
        CompletesOn = task.CompletesOn.Type,
        CompletesOnEvent = task.CompletesOn.Event,
        CompletesOnFlowId = task.CompletesOn.FlowId,
        ActionType = task.Action?.Type,
        ActionUrl = task.Action?.Url,
        ActionFlowId = task.Action?.FlowId,
    };

    internal ChecklistTask ToTask() => new()
    {
        Id = Id?.Trim() ?? "",
        Title = Title?.Trim() ?? "",
        Description = Description ?? "",
        CompletesOn = CompletesOn == "flow"
            ? new TaskCompletion { Type = "flow", FlowId = CompletesOnFlowId }
            : new TaskCompletion { Type = CompletesOn, Event = CompletesOnEvent?.Trim() },
        Action = ActionType switch
        {
            "url" => new TaskAction { Type = "url", Url = ActionUrl?.Trim() },
            "flow" => new TaskAction { Type = "flow", FlowId = ActionFlowId },
            _ => null,
        },
    };
}
