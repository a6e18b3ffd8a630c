using System.Text.Json;
using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences.Checklists;

/// <summary>A checklist as the editor's form holds it, mapped to and from the definition JSON of docs/experiences.md.</summary>
public sealed class ChecklistForm : IContentForm<ChecklistForm>
{
    public const int MaxTasks = 20;

    public string? Name { get; set; }

    public string? Title { get; set; }

    public List<TaskForm> Tasks { get; set; } = [];

    public TargetingForm Targeting { get; set; } = new();

    public static ChecklistForm New() => new() { Tasks = [new TaskForm()] };

    static ChecklistForm IContentForm<ChecklistForm>.From(JsonElement definition)
    {
        var checklist = definition.Deserialize<ChecklistDefinition>(DefinitionReader.Json)!;
        return new ChecklistForm
        {
            Name = checklist.Name,
            Title = checklist.Title,
            Tasks = checklist.Tasks.Select(TaskForm.From).ToList(),
            Targeting = TargetingForm.From(checklist.Targeting),
        };
    }

    Outcome<byte[]> IContentForm<ChecklistForm>.ToJson()
    {
        var targeting = Targeting.ToTargeting(withTrigger: false);
        if (targeting.Refusal is { } refusal)
        {
            return refusal;
        }

        var checklist = new ChecklistDefinition
        {
            Name = Name?.Trim() ?? "",
            Title = Title?.Trim() ?? "",
            Tasks = Tasks.Select(t => t.ToTask()).ToList(),
            Targeting = targeting.Value!,
        };
        return JsonSerializer.SerializeToUtf8Bytes(checklist, DefinitionReader.Json);
    }

    /// <summary>
    /// Applies one of the editor's structural buttons (<c>add-task</c>, <c>remove-task:2</c>, <c>up:2</c>,
    /// <c>down:2</c>, <c>add-page</c>, <c>remove-page:0</c>); answers whether it was one.
    /// </summary>
    public bool Apply(string command)
    {
        var c = EditorCommand.Parse(command);
        return c.ApplyTo(Tasks, "task", MaxTasks) || Targeting.Apply(c);
    }
}
