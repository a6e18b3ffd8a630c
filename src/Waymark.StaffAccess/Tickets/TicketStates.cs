namespace Waymark.StaffAccess.Tickets;

/// <summary>
/// A ticket's stored states: <c>requested</c> → <c>approved</c> or <c>denied</c>; <c>approved</c> → <c>ended</c> (by an
/// owner, by expiry, or because its operator was disabled, who may also lose a ticket still <c>requested</c>).
/// </summary>
internal static class TicketStates
{
    public const string Requested = "requested";
    public const string Approved = "approved";
    public const string Denied = "denied";
    public const string Ended = "ended";
}

/// <summary>Why an approved ticket stopped granting access.</summary>
internal static class TicketEndReasons
{
    /// <summary>An owner ended it before its window was over.</summary>
    public const string Revoked = "revoked";

    /// <summary>Its window was over.</summary>
    public const string Expired = "expired";

    /// <summary>Its operator's account was disabled.</summary>
    public const string OperatorDisabled = "operator-disabled";
}
