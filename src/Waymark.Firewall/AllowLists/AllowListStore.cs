using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Firewall.Schema;
using Waymark.Workspaces.Callers;

namespace Waymark.Firewall.AllowLists;

/// <summary>
/// Reads and changes a workspace's allow lists, for the API, the dashboard and the command line. The lists are read
/// on every server-key and member request, so they are cached per process; a change clears the cache of its own
/// process at once and reaches other processes within <see cref="CacheLifetime"/>.
/// </summary>
internal sealed class AllowListStore(FirewallContexts contexts, IMemoryCache cache, IAuditLog audit, TimeProvider clock)
{
    public const int MaxRulesPerSurface = 100;

    public const int MaxLabelLength = 100;

    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    public async ValueTask<AllowListSet> GetAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey(workspaceId), out AllowListSet? cached) && cached is not null)
        {
            return cached;
        }

        await using var db = contexts.Create();
        var rows = await db.AllowRules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var rules = rows.Select(ToRule).ToList();
        var set = new AllowListSet(
            rules.Where(r => r.Surface == AllowListSurface.Dashboard).ToList(),
            rules.Where(r => r.Surface == AllowListSurface.Api).ToList());
        cache.Set(CacheKey(workspaceId), set, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheLifetime, Size = 1 });
        return set;
    }

    /// <summary>Adds a range; audited with the list before and after. Nothing changes when it is refused.</summary>
    public async Task<Outcome<AllowRule>> AddAsync(Caller caller, long workspaceId, string? surface, string? cidr, string? label, CancellationToken cancellationToken = default)
    {
        if (!AllowListSurface.IsKnown(surface))
        {
            return UnknownSurface();
        }

        if (!AllowListAddresses.TryParse(cidr, out var network, out var problem))
        {
            return Refusal.Invalid("invalid-cidr", "Invalid address range", problem);
        }

        var cleanLabel = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (cleanLabel is not null && (cleanLabel.Length > MaxLabelLength || cleanLabel.Any(char.IsControl)))
        {
            return Refusal.Invalid("invalid-label", "Invalid label", $"A label is at most {MaxLabelLength} characters without control characters, such as office or CI runners.");
        }

        await using var db = contexts.Create();
        var before = await CidrsAsync(db, workspaceId, surface!, cancellationToken);
        if (before.Count >= MaxRulesPerSurface)
        {
            return Refusal.Invalid("too-many-rules", "Too many rules", $"A list holds at most {MaxRulesPerSurface} ranges. Remove one, or merge neighbouring ranges into a wider prefix.");
        }

        if (before.Contains(network))
        {
            return Refusal.Conflict("duplicate-rule", "Range already listed", $"{network} is already on the {AllowListSurface.Describe(surface!)}. Remove it first to change its label.");
        }

        if (LocksOut(caller, surface!, [.. before, network]) is { } lockout)
        {
            return lockout;
        }

        var row = new AllowRuleRow
        {
            WorkspaceId = workspaceId,
            Surface = surface!,
            Cidr = network.ToString(),
            Label = cleanLabel,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.AllowRules.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(CacheKey(workspaceId));
        await AuditAsync(caller, workspaceId, AuditActions.AllowRuleAdded, row, before, [.. before, network], cancellationToken);
        return ToRule(row);
    }

    /// <summary>Removes one range; audited with the list before and after.</summary>
    public async Task<Outcome<AllowRule>> RemoveAsync(Caller caller, long workspaceId, string? surface, long id, CancellationToken cancellationToken = default)
    {
        if (!AllowListSurface.IsKnown(surface))
        {
            return UnknownSurface();
        }

        await using var db = contexts.Create();
        var row = await db.AllowRules.FirstOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspaceId && r.Surface == surface, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Allow rule");
        }

        var before = await CidrsAsync(db, workspaceId, surface!, cancellationToken);
        var rule = ToRule(row);
        var after = before.Where(n => !n.Equals(rule.Network)).ToList();
        if (LocksOut(caller, surface!, after) is { } lockout)
        {
            return lockout;
        }

        db.AllowRules.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(CacheKey(workspaceId));
        await AuditAsync(caller, workspaceId, AuditActions.AllowRuleRemoved, row, before, after, cancellationToken);
        return rule;
    }

    /// <summary>Removes every range of a surface, opening it to every address: the operator's way back in after a lock-out.</summary>
    public async Task<Outcome<int>> ClearAsync(Caller caller, long workspaceId, string? surface, CancellationToken cancellationToken = default)
    {
        if (!AllowListSurface.IsKnown(surface))
        {
            return UnknownSurface();
        }

        await using var db = contexts.Create();
        var rows = await db.AllowRules.Where(r => r.WorkspaceId == workspaceId && r.Surface == surface).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var before = rows.Select(r => ToRule(r).Network).ToList();
        db.AllowRules.RemoveRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(CacheKey(workspaceId));
        for (var i = 0; i < rows.Count; i++)
        {
            await AuditAsync(caller, workspaceId, AuditActions.AllowRuleRemoved, rows[i], before.Skip(i), before.Skip(i + 1), cancellationToken);
        }

        return rows.Count;
    }

    /// <summary>
    /// Whether the caller would shut themselves out of the dashboard with this list. The command line (the system
    /// actor) has no address and is the way back in, so it is never refused.
    /// </summary>
    private static Refusal? LocksOut(Caller caller, string surface, IReadOnlyCollection<IPNetwork> after)
    {
        if (surface != AllowListSurface.Dashboard || caller.Actor.Kind == AuditActorKind.System
            || !IPAddress.TryParse(caller.SourceIp, out var address) || AllowListAddresses.Allows(after, address))
        {
            return null;
        }

        return Refusal.Invalid(
            "allow-list-lockout",
            "This change would lock you out",
            $"Your address ({address}) would no longer reach the dashboard. Add a range that includes it first (for example {address}/{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}), then make this change.");
    }

    private static Refusal UnknownSurface() =>
        Refusal.Invalid("unknown-surface", "Unknown allow list", "The list is dashboard (members signing in) or api (server keys).");

    private static async Task<List<IPNetwork>> CidrsAsync(FirewallDbContext db, long workspaceId, string surface, CancellationToken cancellationToken)
    {
        var cidrs = await db.AllowRules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.Surface == surface).OrderBy(r => r.Id).Select(r => r.Cidr).ToListAsync(cancellationToken);
        return cidrs.Select(c => IPNetwork.Parse(c)).ToList();
    }

    private Task AuditAsync(Caller caller, long workspaceId, string action, AllowRuleRow row, IEnumerable<IPNetwork> before, IEnumerable<IPNetwork> after, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>
        {
            ["surface"] = row.Surface,
            ["cidr"] = row.Cidr,
            ["list_before"] = Summary(before),
            ["list_after"] = Summary(after),
        };
        if (row.Label is not null)
        {
            details["label"] = row.Label;
        }

        return audit.RecordAsync(caller.Audit(workspaceId, action, AuditOutcome.Success, "allow-rule", row.Id.ToString(CultureInfo.InvariantCulture), details), cancellationToken);
    }

    private static string Summary(IEnumerable<IPNetwork> networks)
    {
        var text = string.Join(",", networks);
        return text.Length == 0 ? "(open)" : text.Length <= 500 ? text : text[..500] + "…";
    }

    private static AllowRule ToRule(AllowRuleRow row) =>
        new(row.Id, row.Surface, IPNetwork.Parse(row.Cidr), row.Label, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt));

    private static string CacheKey(long workspaceId) => "allowlists:" + workspaceId.ToString(CultureInfo.InvariantCulture);
}
