using Microsoft.AspNetCore.Identity;

namespace Waymark.Accounts.People;

/// <summary>
/// A person who signs in to the dashboard (a team member, not an end user of the customer's product).
/// One account can belong to several workspaces, with a role in each.
/// </summary>
public sealed class Account : IdentityUser
{
    public long CreatedAt { get; set; }

    /// <summary>The person who set the instance up; may create workspaces.</summary>
    public bool IsInstanceOwner { get; set; }

    /// <summary>
    /// An instance operator (someone who runs this installation): never a member of any workspace, and reaches one only
    /// under a support ticket its owners approved.
    /// </summary>
    public bool IsOperator { get; set; }

    /// <summary>The RFC 6238 time step of the last accepted authenticator code; a code of that step or earlier is refused (no replay).</summary>
    public long TotpLastStep { get; set; }
}
