namespace Waymark.Audit;

/// <summary>The names the log stores and shows for actor kinds and outcomes (kebab-case, stable: they are part of every entry's hash).</summary>
public static class AuditNames
{
    public static string Of(AuditActorKind kind) => kind switch
    {
        AuditActorKind.System => "system",
        AuditActorKind.Member => "member",
        AuditActorKind.ServerKey => "server-key",
        AuditActorKind.WriteKey => "write-key",
        AuditActorKind.Operator => "operator",
        AuditActorKind.Anonymous => "anonymous",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown actor kind."),
    };

    public static string Of(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => "success",
        AuditOutcome.Denied => "denied",
        AuditOutcome.Failure => "failure",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    public static bool TryParseActorKind(string? name, out AuditActorKind kind)
    {
        foreach (var candidate in Enum.GetValues<AuditActorKind>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryParseOutcome(string? name, out AuditOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<AuditOutcome>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }
}
