namespace Waymark.Dashboard.Pages.SupportAccess;

/// <summary>The dashboard's state colours for a ticket's status.</summary>
internal static class StatusStyle
{
    public static string Of(string status) => status switch
    {
        "requested" => "pending",
        "active" => "active",
        "denied" => "denied",
        "expired" => "expired",
        _ => "revoked",
    };
}
