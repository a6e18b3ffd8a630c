using Waymark.StaffAccess.Tickets;

namespace Waymark.Dashboard.Pages.SupportAccess;

/// <summary>One table of tickets on the staff-access page.</summary>
internal sealed record TicketTable(TicketPageModel Page, string Id, string Caption, IReadOnlyList<SupportTicket> Tickets);
