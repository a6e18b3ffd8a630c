using System.Text.Json;
using Waymark.Api;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;

namespace Waymark.Experiences.Authoring;

/// <summary>A validated definition of any kind, with the normalised JSON that is stored and served.</summary>
internal sealed record ContentDocument(ContentKind Kind, string Name, string Json, string? SegmentId, IReadOnlyList<string> FlowIds)
{
    public static Outcome<ContentDocument> Read(ContentKind kind, ReadOnlySpan<byte> body)
    {
        if (kind == ContentKind.Flow)
        {
            var flow = DefinitionReader.ReadFlow(body);
            if (flow.Value is not { } f)
            {
                return flow.Refusal!;
            }

            var flowIds = f.Steps.SelectMany(s => s.Buttons).Select(b => b.FlowId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new ContentDocument(kind, f.Name, JsonSerializer.Serialize(f, DefinitionReader.Json), f.Targeting.SegmentId, flowIds);
        }

        if (kind == ContentKind.Survey)
        {
            var survey = SurveyDefinitionReader.Read(body);
            return survey.Value is { } s
                ? new ContentDocument(kind, s.Name, JsonSerializer.Serialize(s, DefinitionReader.Json), s.Targeting.SegmentId, [])
                : survey.Refusal!;
        }

        var checklist = DefinitionReader.ReadChecklist(body);
        if (checklist.Value is not { } c)
        {
            return checklist.Refusal!;
        }

        var ids = c.Tasks.SelectMany(t => new[] { t.CompletesOn.FlowId, t.Action?.FlowId }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new ContentDocument(kind, c.Name, JsonSerializer.Serialize(c, DefinitionReader.Json), c.Targeting.SegmentId, ids);
    }
}
