using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Tickets;

namespace Waymark.StaffAccess.Operators;

/// <summary>
/// Instance operators' accounts, managed from the command line by whoever runs the installation: they sign in like
/// members (password rules, MFA and lockouts apply) but belong to no workspace. Audited in the instance chain by
/// account id only.
/// </summary>
internal sealed class OperatorAccounts(UserManager<Account> accounts, SessionRevoker sessions, TicketStore tickets, IAuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<OperatorView>> AddAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        email = email?.Trim() ?? "";
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            return Refusal.Invalid("invalid-email", "Invalid email address", "Give the operator's own address, such as ops@example.com.");
        }

        if (await accounts.FindByEmailAsync(email) is not null)
        {
            return Refusal.Conflict("account-exists", "Account exists", "An account with this address exists already. Operators are separate accounts: use another address (members keep theirs).");
        }

        var account = new Account { UserName = email, Email = email, EmailConfirmed = true, IsOperator = true, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        var created = await accounts.CreateAsync(account, password ?? "");
        if (!created.Succeeded)
        {
            return Refusal.Invalid("invalid-password", "Choose another password", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(new AuditEvent(AuditEvent.InstanceChain, AuditActions.OperatorCreated, AuditActor.System, AuditOutcome.Success, "account", account.Id), cancellationToken);
        return View(account);
    }

    public async Task<IReadOnlyList<OperatorView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var operators = await accounts.Users.Where(a => a.IsOperator).OrderBy(a => a.Email).ToListAsync(cancellationToken);
        return operators.Select(View).ToList();
    }

    /// <summary>Refuses the operator's sign-ins from now on, ends their sessions and every ticket they have open.</summary>
    public async Task<Outcome<OperatorDisabled>> DisableAsync(string? email, CancellationToken cancellationToken = default)
    {
        var account = string.IsNullOrWhiteSpace(email) ? null : await accounts.FindByEmailAsync(email.Trim());
        if (account is not { IsOperator: true })
        {
            return new Refusal(StatusCodes.Status404NotFound, "not-found", "Operator not found", "No operator account has this address. List them with 'waymark operators list'.");
        }

        // Identity's lockout, set to never end, is the refusal every sign-in method (password, code, passkey) checks.
        await accounts.SetLockoutEnabledAsync(account, true);
        await accounts.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        await accounts.UpdateSecurityStampAsync(account);
        var ended = await sessions.RevokeAllAsync(account.Id, cancellationToken);
        var closed = await tickets.EndAllOfOperatorAsync(account.Id, cancellationToken);
        await audit.RecordAsync(new AuditEvent(AuditEvent.InstanceChain, AuditActions.OperatorDisabled, AuditActor.System, AuditOutcome.Success, "account", account.Id, Details: new Dictionary<string, string>
        {
            ["sessions_ended"] = ended.ToString(CultureInfo.InvariantCulture),
            ["tickets_ended"] = closed.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        return new OperatorDisabled(View(account), ended, closed);
    }

    private OperatorView View(Account account) => new(
        account.Id,
        account.Email ?? "",
        DateTimeOffset.FromUnixTimeMilliseconds(account.CreatedAt),
        account.LockoutEnabled && account.LockoutEnd > clock.GetUtcNow().AddYears(100),
        account.TwoFactorEnabled);
}

internal sealed record OperatorView(string AccountId, string Email, DateTimeOffset CreatedAt, bool Disabled, bool TwoFactor);

internal sealed record OperatorDisabled(OperatorView Operator, int SessionsEnded, int TicketsEnded);
