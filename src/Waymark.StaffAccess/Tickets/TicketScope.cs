using Waymark.Api;

namespace Waymark.StaffAccess.Tickets;

/// <summary>
/// Which permissions a ticket may carry. Only those whose effect ends with the window: a ticket never grants what
/// would outlive it (creating keys, inviting members, changing settings such as single sign-on or where alerts go)
/// or what would let an operator decide on tickets, and never sends events. <c>phi:read</c> is granted only when the
/// operator ticks it on its own; nothing implies it.
/// </summary>
internal static class TicketScope
{
    public static readonly IReadOnlyList<string> Grantable =
    [
        Permissions.WorkspaceView, Permissions.DataRead, Permissions.DataWrite, Permissions.DataDelete, Permissions.PhiRead,
        Permissions.AuditRead, Permissions.ContentEdit, Permissions.AnalyticsRead,
    ];

    public const int MinMinutes = 15;

    public const int MaxMinutes = 72 * 60;

    public const int MaxReasonLength = 1000;

    /// <summary>The scope in a stable order, or why it cannot be granted.</summary>
    public static Outcome<IReadOnlyList<string>> Parse(IReadOnlyCollection<string>? scope)
    {
        if (scope is null || scope.Count == 0)
        {
            return Refusal.Invalid("invalid-scope", "No permissions asked for", $"Ask for at least one of: {string.Join(", ", Grantable)}.");
        }

        if (scope.FirstOrDefault(p => !Grantable.Contains(p, StringComparer.Ordinal)) is { } refused)
        {
            return Refusal.Invalid(
                "invalid-scope",
                "Permission not grantable by ticket",
                Permissions.IsKnown(refused)
                    ? $"A support ticket never grants {refused}: its effect would outlive the ticket or it is not for staff. Ask only for: {string.Join(", ", Grantable)}."
                    : $"One of the permissions is unknown. Ask only for: {string.Join(", ", Grantable)}.");
        }

        return Grantable.Where(p => scope.Contains(p, StringComparer.Ordinal)).ToList();
    }

    public static string Format(IEnumerable<string> scope) => string.Join(' ', scope);

    public static IReadOnlyList<string> Read(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
