using System.Globalization;

namespace Waymark.Audit;

/// <summary>Who did something: a member (by account id), a key (by key id), an instance operator, the system itself, or an unauthenticated caller.</summary>
public sealed record AuditActor(AuditActorKind Kind, string? Id)
{
    public static readonly AuditActor System = new(AuditActorKind.System, null);

    public static readonly AuditActor Anonymous = new(AuditActorKind.Anonymous, null);

    public static AuditActor Member(string accountId) => new(AuditActorKind.Member, accountId);

    public static AuditActor Key(long keyId, AuditActorKind kind = AuditActorKind.ServerKey) => new(kind, keyId.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The kinds of actor; the names (kebab-case) are what the log stores and shows.</summary>
public enum AuditActorKind
{
    System = 0,
    Member = 1,
    ServerKey = 2,
    WriteKey = 3,
    Operator = 4,
    Anonymous = 5,
}

/// <summary>Whether the action happened, was refused for lack of permission, or failed (a wrong password, an unknown key).</summary>
public enum AuditOutcome
{
    Success = 0,
    Denied = 1,
    Failure = 2,
}
