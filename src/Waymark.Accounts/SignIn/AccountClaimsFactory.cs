using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Waymark.Accounts.People;
using Waymark.Api;

namespace Waymark.Accounts.SignIn;

/// <summary>
/// A signed-in person's claims: who they are (a member, or an instance operator, for the audit log), <c>account:self</c>, and <c>instance:operate</c> for operators and the instance owner. Workspace permissions are
/// not in the cookie: they are looked up for the workspace each request is about, so a role change applies at once.
/// </summary>
internal sealed class AccountClaimsFactory(UserManager<Account> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<Account>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(WorkspaceClaims.ActorKind, user.IsOperator ? "operator" : "member"));
        identity.AddClaim(new Claim(WorkspaceClaims.ActorId, user.Id));
        identity.AddClaim(new Claim(Permissions.ClaimType, Permissions.AccountSelf));
        if (user.IsOperator || user.IsInstanceOwner)
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, Permissions.InstanceOperate));
        }
        return identity;
    }
}
