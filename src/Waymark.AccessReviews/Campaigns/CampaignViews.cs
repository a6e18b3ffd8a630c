namespace Waymark.AccessReviews.Campaigns;

/// <summary>A campaign as lists show it, with its progress.</summary>
internal sealed record CampaignView(
    long Id,
    string Kind,
    string State,
    string? SubjectAccountId,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? CompletedAt,
    int Total,
    int Decided);

/// <summary>
/// One item with its decision; <see cref="Check"/> is the live result of an offboarding check (null for a role or a
/// key, and for a decided check, whose <see cref="Facts"/> say what it found then).
/// </summary>
internal sealed record ItemView(
    long Id,
    string Kind,
    string? AccountId,
    string? Email,
    string? Role,
    long? KeyId,
    string? KeyPrefix,
    string? KeyName,
    IReadOnlyList<string> KeyScopes,
    CheckResult? Check,
    string? Facts,
    string? Decision,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Note);

/// <summary>A campaign with its items.</summary>
internal sealed record CampaignDetail(CampaignView Campaign, IReadOnlyList<ItemView> Items);

/// <summary>What an offboarding check found just now.</summary>
internal sealed record CheckResult(bool Passed, string Facts);
