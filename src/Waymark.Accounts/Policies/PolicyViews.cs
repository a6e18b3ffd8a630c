namespace Waymark.Accounts.Policies;

/// <summary>A workspace's sign-in policies, with what they did when last changed.</summary>
public sealed record PolicyView(bool RequireMfa, bool RequireSso, bool SsoConfigured, DateTimeOffset? UpdatedAt);

/// <summary>What a policy change did to the members.</summary>
public sealed record PolicyChange(PolicyView Policy, int Suspended, int Reinstated);

/// <summary>Whether a member meets the require-MFA policy, for the owners' compliance list.</summary>
public sealed record MemberCompliance(string AccountId, string Email, string RoleName, bool Authenticator, int Passkeys, bool Suspended)
{
    public bool Compliant => Authenticator || Passkeys > 0;
}
