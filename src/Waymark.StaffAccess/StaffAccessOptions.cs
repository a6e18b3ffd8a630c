namespace Waymark.StaffAccess;

/// <summary>Settings under <c>Waymark:StaffAccess</c>.</summary>
public sealed class StaffAccessOptions
{
    public const string Section = "Waymark:StaffAccess";

    /// <summary>How often the worker records the end of tickets whose window closed while nobody used them.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
