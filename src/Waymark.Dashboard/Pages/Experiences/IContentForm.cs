using System.Text.Json;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>An editor's form for one kind of content: built from a stored definition, saved as definition JSON.</summary>
public interface IContentForm<TSelf>
    where TSelf : IContentForm<TSelf>
{
    static abstract TSelf New();

    static abstract TSelf From(JsonElement definition);

    Outcome<byte[]> ToJson();

    /// <summary>Applies a structural button (add, remove, move); answers whether the command was one.</summary>
    bool Apply(string command);

    /// <summary>
    /// The form field (a model-state key such as <c>Form.Questions[2].Prompt</c>) that a refusal of the definition
    /// names, so the error shows next to it; empty to show it above the form.
    /// </summary>
    string FieldOf(Refusal refusal) => "";
}
