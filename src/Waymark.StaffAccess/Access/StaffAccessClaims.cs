namespace Waymark.StaffAccess.Access;

/// <summary>Claims an operator's request carries while a support ticket is in use, for the banner and the audit entry.</summary>
internal static class StaffAccessClaims
{
    /// <summary>The id of the ticket granting this request's workspace claims.</summary>
    public const string Ticket = "waymark:support-ticket";

    /// <summary>When the ticket's window closes (ISO 8601, UTC).</summary>
    public const string Until = "waymark:support-ticket-until";
}
