using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.AccessReviews.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Campaigns;

/// <summary>Starts campaigns and reads them back with their progress, for the API, the dashboard, the command line and the worker.</summary>
internal sealed class CampaignStore(AccessReviewContexts contexts, CampaignItems items, OffboardingChecks checks, IAuditLog audit, IOptions<AccessReviewOptions> options, TimeProvider clock)
{
    public const int MaxListed = 200;

    /// <summary>
    /// Starts a campaign of <paramref name="kind"/> now. Refused when there is nothing to review (an onboarding member
    /// already gone again), so that no campaign exists that nobody could complete.
    /// </summary>
    public async Task<Outcome<CampaignView>> StartAsync(Caller caller, long workspaceId, string kind, string? subjectAccountId = null, string? subjectRole = null, DateTimeOffset? subjectEventAt = null, CancellationToken cancellationToken = default)
    {
        var rows = await items.CollectAsync(workspaceId, kind, subjectAccountId, subjectRole, cancellationToken);
        if (rows.Count == 0)
        {
            return Refusal.Conflict("nothing-to-review", "Nothing to review", "The workspace has no member or working key to review.");
        }

        var now = clock.GetUtcNow();
        var campaign = NewCampaign(workspaceId, kind, now, DueDaysOf(kind), subjectAccountId, subjectEventAt);
        await using (var db = contexts.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await InsertAsync(db, campaign, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await AuditStartedAsync(caller, campaign, rows.Count, cancellationToken);
        return View(campaign, rows.Count, 0, now);
    }

    /// <summary>
    /// Adds a key a new member created to their onboarding campaign while it is unfinished: the access they were given
    /// includes what they made with it.
    /// </summary>
    public async Task AddOnboardingKeyAsync(long workspaceId, string accountId, long keyId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var campaignId = await db.Campaigns.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.Kind == CampaignKinds.Onboarding && c.SubjectAccountId == accountId && c.CompletedAt == null)
            .OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (campaignId is not { } id || await db.Items.AnyAsync(i => i.CampaignId == id && i.KeyId == keyId, cancellationToken)
            || await items.WorkingKeyAsync(workspaceId, keyId, cancellationToken) is not { } item)
        {
            return;
        }

        item.CampaignId = id;
        db.Items.Add(item);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static CampaignRow NewCampaign(long workspaceId, string kind, DateTimeOffset now, int dueDays, string? subjectAccountId = null, DateTimeOffset? subjectEventAt = null) => new()
    {
        WorkspaceId = workspaceId,
        Kind = kind,
        SubjectAccountId = subjectAccountId,
        SubjectEventAt = subjectEventAt?.ToUnixTimeMilliseconds(),
        StartedAt = now.ToUnixTimeMilliseconds(),
        DueAt = now.AddDays(dueDays).ToUnixTimeMilliseconds(),
    };

    /// <summary>Inserts a campaign and its items with <paramref name="db"/>, inside whatever transaction it has open.</summary>
    public static async Task InsertAsync(AccessReviewsDbContext db, CampaignRow campaign, List<ItemRow> rows, CancellationToken cancellationToken)
    {
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.CampaignId = campaign.Id;
        }

        db.Items.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task AuditStartedAsync(Caller caller, CampaignRow campaign, int itemCount, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>
        {
            ["kind"] = campaign.Kind,
            ["items"] = itemCount.ToString(CultureInfo.InvariantCulture),
            ["due_at"] = DateTimeOffset.FromUnixTimeMilliseconds(campaign.DueAt).ToString("O", CultureInfo.InvariantCulture),
        };
        if (campaign.SubjectAccountId is { } subject)
        {
            details["member"] = subject;
        }

        return audit.RecordAsync(caller.Audit(campaign.WorkspaceId, AuditActions.AccessReviewStarted, AuditOutcome.Success, "access-review", IdOf(campaign.Id), details), CancellationToken.None);
    }

    public int DueDaysOf(string kind) => kind switch
    {
        CampaignKinds.Onboarding => options.Value.OnboardingDueDays,
        CampaignKinds.Offboarding => options.Value.OffboardingDueDays,
        CampaignKinds.Manual => options.Value.ManualDueDays,
        _ => options.Value.PeriodicDueDays,
    };

    /// <summary>The workspace's campaigns, newest first, optionally in one state.</summary>
    public async Task<Outcome<IReadOnlyList<CampaignView>>> ListAsync(long workspaceId, string? state, CancellationToken cancellationToken = default)
    {
        if (state is not null && !CampaignStates.All.Contains(state))
        {
            return Refusal.Invalid("invalid-state", "Unknown state", "Filter by state=open, state=overdue or state=completed, or leave the filter out.");
        }

        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        var query = db.Campaigns.AsNoTracking().Where(c => c.WorkspaceId == workspaceId);
        query = state switch
        {
            CampaignStates.Completed => query.Where(c => c.CompletedAt != null),
            CampaignStates.Overdue => query.Where(c => c.CompletedAt == null && c.DueAt < nowMs),
            CampaignStates.Open => query.Where(c => c.CompletedAt == null && c.DueAt >= nowMs),
            _ => query,
        };
        var campaigns = await query.OrderByDescending(c => c.Id).Take(MaxListed).ToListAsync(cancellationToken);
        var ids = campaigns.Select(c => c.Id).ToList();
        var counts = await db.Items.AsNoTracking().Where(i => ids.Contains(i.CampaignId))
            .GroupBy(i => i.CampaignId)
            .Select(g => new { CampaignId = g.Key, Total = g.Count(), Decided = g.Count(i => i.Decision != null) })
            .ToDictionaryAsync(g => g.CampaignId, cancellationToken);
        return campaigns.Select(c => counts.TryGetValue(c.Id, out var n) ? View(c, n.Total, n.Decided, now) : View(c, 0, 0, now)).ToList();
    }

    /// <summary>One campaign with its items; offboarding checks not yet decided are run against the live state.</summary>
    public async Task<CampaignDetail?> GetAsync(long workspaceId, long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId && c.WorkspaceId == workspaceId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var rows = await db.Items.AsNoTracking().Where(i => i.CampaignId == campaignId).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        var views = new List<ItemView>(rows.Count);
        foreach (var row in rows)
        {
            var check = row.Decision is null && ItemKinds.IsOffboardingCheck(row.Kind) ? await checks.RunAsync(workspaceId, campaign, row, cancellationToken) : null;
            views.Add(ItemViewOf(row, check));
        }

        return new CampaignDetail(View(campaign, rows.Count, rows.Count(r => r.Decision is not null), clock.GetUtcNow()), views);
    }

    public static CampaignView View(CampaignRow row, int total, int decided, DateTimeOffset now) => new(
        row.Id,
        row.Kind,
        row.CompletedAt is not null ? CampaignStates.Completed : row.DueAt < now.ToUnixTimeMilliseconds() ? CampaignStates.Overdue : CampaignStates.Open,
        row.SubjectAccountId,
        DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.DueAt),
        Time(row.CompletedAt),
        total,
        decided);

    public static ItemView ItemViewOf(ItemRow row, CheckResult? check) => new(
        row.Id,
        row.Kind,
        row.AccountId,
        row.Email,
        row.Role,
        row.KeyId,
        row.KeyPrefix,
        row.KeyName,
        string.IsNullOrEmpty(row.KeyScopes) ? [] : row.KeyScopes.Split(' '),
        check,
        row.Facts ?? check?.Facts,
        row.Decision,
        row.DecidedBy,
        Time(row.DecidedAt),
        row.Note);

    public static string IdOf(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
