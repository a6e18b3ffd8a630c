using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.AccessReviews.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>
/// A workspace's periodic review schedule: every how many months a campaign starts, and how many days it has. A
/// workspace without a row has the defaults, its first campaign one period after its creation.
/// </summary>
internal sealed class ReviewSchedules(AccessReviewContexts contexts, IAuditLog audit, IOptions<AccessReviewOptions> options, TimeProvider clock)
{
    public const int MaxEveryMonths = 12;

    public const int MaxDueDays = 90;

    public async Task<ScheduleView> GetAsync(long workspaceId, DateTimeOffset workspaceCreatedAt, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        var row = await db.Schedules.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken) ?? DefaultFor(workspaceId, workspaceCreatedAt);
        return View(row);
    }

    /// <summary>Sets the schedule; the next campaign starts one new period from now. Audited with before and after.</summary>
    public async Task<Outcome<ScheduleView>> SetAsync(Caller caller, long workspaceId, DateTimeOffset workspaceCreatedAt, int? everyMonths, int? dueDays, CancellationToken cancellationToken = default)
    {
        if (everyMonths is not { } months || months < 1 || months > MaxEveryMonths)
        {
            return Refusal.Invalid("invalid-schedule", "Invalid period", $"every_months is a whole number of months from 1 to {MaxEveryMonths}: 3 for a review every quarter.");
        }

        if (dueDays is not { } days || days < 1 || days > MaxDueDays)
        {
            return Refusal.Invalid("invalid-schedule", "Invalid time to finish", $"due_days is a whole number of days from 1 to {MaxDueDays}: how long reviewers have before a campaign is overdue.");
        }

        await EnsureAsync(workspaceId, workspaceCreatedAt, cancellationToken);
        var now = clock.GetUtcNow();
        ScheduleRow before;
        ScheduleRow row;
        await using (var db = contexts.Create())
        {
            row = await db.Schedules.FirstAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
            before = Copy(row);
            row.EveryMonths = months;
            row.DueDays = days;
            row.NextDueAt = now.AddMonths(months).ToUnixTimeMilliseconds();
            row.UpdatedAt = now.ToUnixTimeMilliseconds();
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.AccessReviewScheduleChanged, AuditOutcome.Success, "access-review-schedule", null, new Dictionary<string, string>
        {
            ["every_months_before"] = Number(before.EveryMonths),
            ["every_months_after"] = Number(months),
            ["due_days_before"] = Number(before.DueDays),
            ["due_days_after"] = Number(days),
        }), CancellationToken.None);
        return View(row);
    }

    /// <summary>
    /// Gives a workspace the default schedule unless it has one. The worker and a person saving the form may both add
    /// it at once: the loser's insert fails on the key and the row is there either way.
    /// </summary>
    public async Task EnsureAsync(long workspaceId, DateTimeOffset workspaceCreatedAt, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        if (await db.Schedules.AnyAsync(s => s.WorkspaceId == workspaceId, cancellationToken))
        {
            return;
        }

        db.Schedules.Add(DefaultFor(workspaceId, workspaceCreatedAt));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added by someone else in the meantime: the row exists, which is all this promises.
        }
    }

    /// <summary>The schedule a workspace has until someone sets one: the configured defaults, first due one period after creation.</summary>
    public ScheduleRow DefaultFor(long workspaceId, DateTimeOffset workspaceCreatedAt) => new()
    {
        WorkspaceId = workspaceId,
        EveryMonths = options.Value.EveryMonths,
        DueDays = options.Value.PeriodicDueDays,
        NextDueAt = workspaceCreatedAt.AddMonths(options.Value.EveryMonths).ToUnixTimeMilliseconds(),
        UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    private static ScheduleRow Copy(ScheduleRow row) => new() { WorkspaceId = row.WorkspaceId, EveryMonths = row.EveryMonths, DueDays = row.DueDays, NextDueAt = row.NextDueAt, UpdatedAt = row.UpdatedAt };

    private static ScheduleView View(ScheduleRow row) => new(row.EveryMonths, row.DueDays, DateTimeOffset.FromUnixTimeMilliseconds(row.NextDueAt));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
