namespace Waymark.AccessReviews.Schema;

/// <summary>
/// One review campaign. Its state follows from the times: completed once every item is decided, overdue while undecided
/// past <see cref="DueAt"/> (still workable), open before.
/// </summary>
internal sealed class CampaignRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    /// <summary><c>quarterly</c>, <c>onboarding</c>, <c>offboarding</c> or <c>manual</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The member who joined or left, for onboarding and offboarding campaigns.</summary>
    public string? SubjectAccountId { get; set; }

    /// <summary>When the member joined or left, as the audit entry that started the campaign says.</summary>
    public long? SubjectEventAt { get; set; }

    public long StartedAt { get; set; }

    public long DueAt { get; set; }

    public long? CompletedAt { get; set; }

    /// <summary>Set once, by the worker that records <c>access-review.overdue</c>: the claim that makes it record it once.</summary>
    public long? OverdueRecordedAt { get; set; }
}

/// <summary>
/// One thing to review: a member's role, a key, or (offboarding) one fact about a former member's remaining access.
/// The subject's description is kept as it was when the campaign started, so the evidence still names a removed
/// member or a revoked key.
/// </summary>
internal sealed class ItemRow
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    /// <summary>See <see cref="Campaigns.ItemKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public string? AccountId { get; set; }

    public string? Email { get; set; }

    public string? Role { get; set; }

    public long? KeyId { get; set; }

    public string? KeyPrefix { get; set; }

    public string? KeyName { get; set; }

    /// <summary>Space-separated.</summary>
    public string? KeyScopes { get; set; }

    /// <summary>For offboarding items: what the check found when the item was decided.</summary>
    public string? Facts { get; set; }

    /// <summary><c>confirm</c> or <c>revoke</c>; null while undecided.</summary>
    public string? Decision { get; set; }

    /// <summary>Who decided: actor kind and id, as the audit log names them (<c>member:ID</c>, <c>server-key:ID</c>).</summary>
    public string? DecidedBy { get; set; }

    public long? DecidedAt { get; set; }

    /// <summary>The reviewer's note: free text, stored for the evidence and never written to the audit log.</summary>
    public string? Note { get; set; }
}

/// <summary>A workspace's quarterly review schedule; created with the defaults when the scheduler first sees the workspace.</summary>
internal sealed class ScheduleRow
{
    public long WorkspaceId { get; set; }

    public int EveryMonths { get; set; }

    public int DueDays { get; set; }

    /// <summary>When the next periodic campaign starts; moved forward by the worker that starts it (the claim).</summary>
    public long NextDueAt { get; set; }

    public long UpdatedAt { get; set; }
}
