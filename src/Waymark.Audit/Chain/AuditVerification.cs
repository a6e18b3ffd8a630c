namespace Waymark.Audit.Chain;

/// <summary>What verifying the log found: how much was checked, and the first broken entry if any.</summary>
internal sealed record AuditVerification(int Chains, long Entries, AuditChainBreak? Break)
{
    public bool Intact => Break is null;
}

/// <summary>The first entry at which a chain stops being what was written: its workspace, its seq and what is wrong with it.</summary>
internal sealed record AuditChainBreak(long WorkspaceId, long Seq, string Problem);
