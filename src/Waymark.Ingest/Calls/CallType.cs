namespace Waymark.Ingest.Calls;

/// <summary>The Segment call types; the numbers are stored in <c>events.type</c> and never change.</summary>
internal enum CallType : byte
{
    Identify = 1,
    Track = 2,
    Page = 3,
    Screen = 4,
    Group = 5,
    Alias = 6,
}

internal static class CallTypeNames
{
    public static string ToWire(this CallType type) => type switch
    {
        CallType.Identify => "identify",
        CallType.Track => "track",
        CallType.Page => "page",
        CallType.Screen => "screen",
        CallType.Group => "group",
        CallType.Alias => "alias",
        _ => "unknown",
    };

    public static CallType? FromWire(string? value) => value switch
    {
        "identify" => CallType.Identify,
        "track" => CallType.Track,
        "page" => CallType.Page,
        "screen" => CallType.Screen,
        "group" => CallType.Group,
        "alias" => CallType.Alias,
        _ => null,
    };
}
