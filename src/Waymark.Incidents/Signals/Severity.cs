namespace Waymark.Incidents.Signals;

/// <summary>
/// The severity bands of the risk score (likelihood × impact): low below 8, medium 8–14, high 15–19, critical 20 and
/// above. High and critical incidents notify owners and escalate.
/// </summary>
internal static class Severity
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [Low, Medium, High, Critical];

    public static string Of(int score) => score switch
    {
        >= 20 => Critical,
        >= 15 => High,
        >= 8 => Medium,
        _ => Low,
    };

    public static bool Notifies(string severity) => severity is High or Critical;
}
