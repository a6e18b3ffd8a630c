using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>
/// Who works the installation's own incidents (credential stuffing against the sign-in page, floods of unknown keys,
/// a broken instance chain): the people who run it, that is operators and the instance owner. Anyone else is answered
/// 404, as if the pages did not exist.
/// </summary>
internal static class InstanceIncidentAccess
{
    public static async Task<long?> ChainAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(WorkspaceClaims.ActorKind) == "operator")
        {
            return AuditEvent.InstanceChain;
        }

        var users = context.RequestServices.GetRequiredService<UserManager<Waymark.Accounts.People.Account>>();
        return context.User.FindFirstValue(WorkspaceClaims.ActorId) is { } accountId && await users.FindByIdAsync(accountId) is { IsInstanceOwner: true }
            ? AuditEvent.InstanceChain
            : null;
    }
}
