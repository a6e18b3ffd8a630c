using System.Text.Json.Serialization;

namespace Waymark.Experiences.Definitions;

/// <summary>Who sees content, where, when and how often.</summary>
internal sealed record Targeting
{
    [JsonPropertyName("segment_id")]
    public string? SegmentId { get; init; }

    [JsonPropertyName("pages")]
    public IReadOnlyList<PageRule> Pages { get; init; } = [];

    [JsonPropertyName("trigger")]
    public Trigger Trigger { get; init; } = new();

    [JsonPropertyName("frequency")]
    public Frequency Frequency { get; init; } = new();

    [JsonPropertyName("priority")]
    public int Priority { get; init; }

    [JsonPropertyName("starts_at")]
    public DateTimeOffset? StartsAt { get; init; }

    [JsonPropertyName("ends_at")]
    public DateTimeOffset? EndsAt { get; init; }

    public bool IsLive(DateTimeOffset now) => (StartsAt is not { } start || now >= start) && (EndsAt is not { } end || now < end);

    public bool IsOnPage(string path)
    {
        if (Pages.Count == 0)
        {
            return true;
        }

        foreach (var rule in Pages)
        {
            if (rule.IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed record Trigger
{
    public static readonly string[] Types = ["page_load", "event", "manual"];

    [JsonPropertyName("type")]
    public string Type { get; init; } = "page_load";

    [JsonPropertyName("event")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Event { get; init; }
}

internal sealed record Frequency
{
    public static readonly string[] Types = ["once", "until_completed", "every_time"];

    [JsonPropertyName("type")]
    public string Type { get; init; } = "once";

    [JsonPropertyName("cooldown_minutes")]
    public int CooldownMinutes { get; init; }
}
