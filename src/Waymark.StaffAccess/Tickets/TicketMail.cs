using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Email;

namespace Waymark.StaffAccess.Tickets;

/// <summary>
/// Tells a workspace's owners (the members whose role holds support:approve) that an operator asks for access, with
/// a link to the ticket. The reason stays on the ticket page, behind sign-in; the mail says who, what and how long.
/// </summary>
internal sealed partial class TicketMail(MemberDirectory members, RoleCatalog roles, UserManager<Account> accounts, IEmailSender email, ILogger<TicketMail> logger)
{
    public async Task NotifyOwnersAsync(SupportTicket ticket, string workspacePublicId, Uri baseUrl, CancellationToken cancellationToken)
    {
        if (!email.IsConfigured)
        {
            return;
        }

        var approving = (await roles.MatrixAsync(ticket.WorkspaceId, cancellationToken)).Roles
            .Where(r => r.Permissions.Contains(Permissions.SupportApprove, StringComparer.Ordinal)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var owners = (await members.MembersAsync(ticket.WorkspaceId, cancellationToken)).Where(m => approving.Contains(m.RoleKey) && m.Email.Length > 0).ToList();
        var operatorEmail = (await accounts.FindByIdAsync(ticket.OperatorId))?.Email ?? "an instance operator";
        var link = new Uri(baseUrl, $"/w/{workspacePublicId}/support-access/{ticket.Id.ToString(CultureInfo.InvariantCulture)}");
        foreach (var owner in owners)
        {
            try
            {
                await email.SendAsync(new EmailMessage(owner.Email, $"Support ticket #{ticket.Id}: staff asks for access to your Waymark workspace", $"""
                    {operatorEmail}, who runs this Waymark installation, asks for access to your workspace.

                    Permissions asked for: {string.Join(", ", ticket.Scope)}
                    For: {FormatDuration(ticket.Duration)} from the moment an owner approves

                    Read the reason and approve or deny the request here:
                    {link}

                    Nothing is granted until an owner approves. Every request made under the ticket appears in your workspace's audit log.
                    """), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogMailFailed(logger, ticket.Id, exception.GetType().Name);
            }
        }
    }

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalMinutes < 60 ? $"{duration.TotalMinutes:0} minutes"
        : duration.TotalMinutes % 60 == 0 ? $"{duration.TotalHours:0} hour{(duration.TotalHours == 1 ? "" : "s")}"
        : $"{(int)duration.TotalHours} h {duration.Minutes} min";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Support ticket {TicketId} could not be emailed to an owner ({Error}); owners still see it on the workspace's Staff access page. Check the SMTP settings (Waymark:Email).")]
    private static partial void LogMailFailed(ILogger logger, long ticketId, string error);
}
