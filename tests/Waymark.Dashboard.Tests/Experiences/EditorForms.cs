using System.Net;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>
/// The fields a browser posts from the flow and checklist editors, and the steps of using them: the editor answers
/// each structural button with the same form, and Save with a redirect to the saved item's editor.
/// </summary>
internal static partial class EditorForms
{
    public static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    /// <summary>A step's fields, as the editor posts them (every select has a value).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Step(int index, string type, string title, string target = "", string advanceOn = "button", string body = "")
    {
        var at = $"Form.Steps[{index}].";
        return
        [
            Field(at + "Id", ""), Field(at + "Type", type), Field(at + "Title", title), Field(at + "Body", body), Field(at + "Target", target),
            Field(at + "Side", "bottom"), Field(at + "Align", "center"), Field(at + "Position", "top"), Field(at + "AdvanceOn", advanceOn), Field(at + "AdvanceEvent", ""),
        ];
    }

    public static IEnumerable<KeyValuePair<string, string>> Button(int step, int index, string label, string action, string url = "") =>
    [
        Field($"Form.Steps[{step}].Buttons[{index}].Label", label), Field($"Form.Steps[{step}].Buttons[{index}].Action", action),
        Field($"Form.Steps[{step}].Buttons[{index}].Url", url), Field($"Form.Steps[{step}].Buttons[{index}].FlowId", ""),
    ];

    public static IEnumerable<KeyValuePair<string, string>> Targeting() =>
    [
        Field("Form.Targeting.SegmentId", ""), Field("Form.Targeting.TriggerType", "page_load"), Field("Form.Targeting.TriggerEvent", ""),
        Field("Form.Targeting.FrequencyType", "until_completed"), Field("Form.Targeting.CooldownMinutes", "60"), Field("Form.Targeting.Priority", "10"),
        Field("Form.Targeting.StartsAt", "2026-12-01T09:30"), Field("Form.Targeting.EndsAt", ""),
    ];

    /// <summary>The three steps of the welcome tour, as far as <paramref name="count"/> of them.</summary>
    public static List<KeyValuePair<string, string>> WelcomeTour(string name, int count)
    {
        var fields = new List<KeyValuePair<string, string>> { Field("Form.Name", name) };
        fields.AddRange(Step(0, "modal", "Welcome", body: "<p>Let's take a <b>quick</b> tour.</p><script>alert(1)</script>"));
        fields.AddRange(Button(0, 0, "Start", "next"));
        if (count > 1)
        {
            fields.AddRange(Step(1, "tooltip", "Create a project", target: "#new-project", advanceOn: "click"));
        }

        if (count > 2)
        {
            fields.AddRange(Step(2, "banner", "New: reports"));
            fields.AddRange(Button(2, 0, "Read more", "url", "https://example.com/reports"));
        }

        fields.AddRange(Targeting());
        return fields;
    }

    /// <summary>Posts the editor with one of its buttons (<c>add-step</c>, <c>save</c>, …).</summary>
    public static Task<DashboardPage> PressAsync(DashboardClient client, string editor, IEnumerable<KeyValuePair<string, string>> fields, string command) =>
        client.PostFormAsync(editor, fields.Append(Field("command", command)));

    /// <summary>Saves through the editor and answers the new item's id, read from the redirect to its editor.</summary>
    public static async Task<string> SaveAsync(DashboardClient client, string editor, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var saved = await PressAsync(client, editor, fields, "save");
        Assert.True(saved.Status == HttpStatusCode.Redirect, saved.Html);
        return SavedId().Match(saved.Location!).Groups["id"].Value;
    }

    /// <summary>Publishes the draft to <paramref name="environment"/> with the versions page's button.</summary>
    public static async Task PublishAsync(DashboardClient client, string ws, string id, string environment)
    {
        var versions = $"/w/{ws}/experiences/{id}/versions";
        var published = await client.PostFormAsync(versions, [Field("environment", environment)], versions + "?handler=publish");
        Assert.True(published.Status == HttpStatusCode.Redirect, published.Html);
    }

    /// <summary>The list's row for <paramref name="id"/>.</summary>
    public static string Row(DashboardPage list, string id) =>
        Regex.Match(list.Html, $"""<tr id="row-{Regex.Escape(id)}">(?<row>.*?)</tr>""", RegexOptions.Singleline).Groups["row"].Value;

    [GeneratedRegex(@"/edit/(?<id>(flw|chk)_[0-9a-f]+)$")]
    private static partial Regex SavedId();
}
