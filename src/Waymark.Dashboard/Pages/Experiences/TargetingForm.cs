using System.Globalization;
using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// Who sees content, where, when and how often, as the editor's fields hold it. Times are typed as UTC in
/// <c>datetime-local</c> fields, which carry no zone of their own.
/// </summary>
public sealed class TargetingForm
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public const int MaxPages = 20;

    /// <summary>The view-data entry holding the workspace's segments for the segment picker.</summary>
    public const string SegmentChoices = "SegmentChoices";

    /// <summary>A segment id (<c>seg_…</c>), or empty for everyone.</summary>
    public string? SegmentId { get; set; }

    public List<PageRuleForm> Pages { get; set; } = [];

    public string TriggerType { get; set; } = "page_load";

    public string? TriggerEvent { get; set; }

    public string FrequencyType { get; set; } = "once";

    public int? CooldownMinutes { get; set; }

    public int? Priority { get; set; }

    public string? StartsAt { get; set; }

    public string? EndsAt { get; set; }

    internal static TargetingForm From(Targeting targeting) => new()
    {
        SegmentId = targeting.SegmentId,
        Pages = targeting.Pages.Select(p => new PageRuleForm { Match = p.Match, Value = p.Value }).ToList(),
        TriggerType = targeting.Trigger.Type,
        TriggerEvent = targeting.Trigger.Event,
        FrequencyType = targeting.Frequency.Type,
        CooldownMinutes = targeting.Frequency.CooldownMinutes,
        Priority = targeting.Priority,
        StartsAt = targeting.StartsAt?.UtcDateTime.ToString(LocalFormat, CultureInfo.InvariantCulture),
        EndsAt = targeting.EndsAt?.UtcDateTime.ToString(LocalFormat, CultureInfo.InvariantCulture),
    };

    /// <summary>The targeting to save; a checklist has no trigger or frequency. Only the dates can be unreadable here.</summary>
    internal Outcome<Targeting> ToTargeting(bool withTrigger)
    {
        if (!TryParseTime(StartsAt, out var starts) || !TryParseTime(EndsAt, out var ends))
        {
            return Refusal.Invalid("invalid-time", "Invalid time", "Starts and ends are dates with a time (UTC), or empty.");
        }

        return new Targeting
        {
            SegmentId = string.IsNullOrWhiteSpace(SegmentId) ? null : SegmentId.Trim(),
            Pages = Pages.Select(p => new PageRule(p.Match ?? "", p.Value?.Trim() ?? "")).ToList(),
            Trigger = withTrigger ? new Trigger { Type = TriggerType, Event = TriggerType == "event" ? TriggerEvent : null } : new Trigger(),
            Frequency = withTrigger ? new Frequency { Type = FrequencyType, CooldownMinutes = CooldownMinutes ?? 0 } : new Frequency(),
            Priority = Priority ?? 0,
            StartsAt = starts,
            EndsAt = ends,
        };
    }

    /// <summary>An empty field is no time; anything else must read as a UTC date and time.</summary>
    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        string[] formats = [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"];
        if (!DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>Adds (<c>add-page</c>) or removes (<c>remove-page:N</c>) a page rule; answers whether it was one of those.</summary>
    public bool Apply(EditorCommand command)
    {
        if (command.Verb == "add-page" && Pages.Count < MaxPages)
        {
            Pages.Add(new PageRuleForm());
            return true;
        }

        if (command.Verb == "remove-page" && command.At >= 0 && command.At < Pages.Count)
        {
            Pages.RemoveAt(command.At);
            return true;
        }

        return false;
    }
}

public sealed class PageRuleForm
{
    public string? Match { get; set; } = "starts_with";

    public string? Value { get; set; }
}
