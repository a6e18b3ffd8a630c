using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Accounts.Passkeys;

/// <summary>
/// A person's own passkeys, on ASP.NET Core Identity's passkey support: registering one (a WebAuthn ceremony whose
/// state Identity keeps in its short-lived two-factor cookie between the options and the answer), naming, listing and
/// removing them. Adding or removing a passkey changes how the account can sign in: it is audited in the instance
/// chain and in every workspace chain of the account, ends the person's other sessions, and lets the workspaces'
/// require-MFA policies look at the account again.
/// </summary>
public sealed class AccountPasskeys
{
    public const int MaxNameLength = 60;

    private readonly SignInManager<Account> _signIn;
    private readonly PasskeyUsage _usage;
    private readonly SessionRevoker _sessions;
    private readonly MfaPolicy _mfa;
    private readonly AccountAudit _audit;

    internal AccountPasskeys(SignInManager<Account> signIn, PasskeyUsage usage, SessionRevoker sessions, MfaPolicy mfa, AccountAudit audit)
    {
        _signIn = signIn;
        _usage = usage;
        _sessions = sessions;
        _mfa = mfa;
        _audit = audit;
    }

    private UserManager<Account> Accounts => _signIn.UserManager;

    /// <summary>The account's passkeys, oldest first.</summary>
    public async Task<IReadOnlyList<PasskeyView>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        if (await Accounts.FindByIdAsync(accountId) is not { } account)
        {
            return [];
        }

        var passkeys = await Accounts.GetPasskeysAsync(account);
        var lastUsed = await _usage.LastUsedAsync(accountId, cancellationToken);
        return passkeys.OrderBy(p => p.CreatedAt).Select(p => ViewOf(p, lastUsed)).ToList();
    }

    public async Task<PasskeyView?> FindAsync(string accountId, string? id, CancellationToken cancellationToken = default)
    {
        var passkey = await PasskeyOfAsync(accountId, id);
        return passkey is null ? null : ViewOf(passkey.Value.Passkey, await _usage.LastUsedAsync(accountId, cancellationToken));
    }

    /// <summary>
    /// Starts registering a passkey: the options for the browser's <c>navigator.credentials.create()</c>, as JSON.
    /// The name is checked first, so that nobody goes through their authenticator's prompt only to be refused after.
    /// </summary>
    public async Task<Outcome<string>> CreationOptionsAsync(string accountId, string? name)
    {
        if (NameRefusal(name) is { } refusal)
        {
            return refusal;
        }

        if (await Accounts.FindByIdAsync(accountId) is not { } account)
        {
            return Refusal.NotFound("Account");
        }

        // The authenticator shows these to the person when they pick a passkey; it is their own address.
        var label = account.Email ?? account.UserName ?? account.Id;
        return await _signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = account.Id, Name = label, DisplayName = label });
    }

    /// <summary>Finishes registering: verifies the browser's answer to <see cref="CreationOptionsAsync"/> and stores the passkey.</summary>
    public async Task<Outcome<PasskeyView>> AddAsync(HttpContext context, string accountId, string? name, string? credentialJson)
    {
        if (NameRefusal(name) is { } refusal)
        {
            return refusal;
        }

        if (string.IsNullOrWhiteSpace(credentialJson))
        {
            return Refusal.Invalid(
                "passkey-missing", "No passkey received",
                "Your browser sent no passkey. Passkeys need JavaScript: choose “Add a passkey” again and follow your browser's prompts.");
        }

        if (await Accounts.FindByIdAsync(accountId) is not { } account)
        {
            return Refusal.NotFound("Account");
        }

        PasskeyAttestationResult result;
        try
        {
            result = await _signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // Identity keeps the ceremony for a few minutes, in this browser only.
            return Refusal.Invalid("passkey-expired", "The passkey request expired", "Too much time passed, or another tab started a passkey request. Choose “Add a passkey” again.");
        }

        // The ceremony was started for the signed-in account; an answer made for anyone else is not theirs to add.
        if (!result.Succeeded || result.UserEntity.Id != account.Id)
        {
            return Refusal.Invalid("passkey-rejected", "Passkey not accepted", "The passkey could not be verified. Choose “Add a passkey” again; if it keeps failing, try another device or security key.");
        }

        result.Passkey.Name = name!.Trim();
        var stored = await Accounts.AddOrUpdatePasskeyAsync(account, result.Passkey);
        if (!stored.Succeeded)
        {
            return Refusal.Conflict("passkey-not-stored", "Passkey not saved", "The passkey could not be saved. Reload the page and add it again.");
        }

        await FactorsChangedAsync(context, account.Id, AuditActions.PasskeyAdded, result.Passkey.CredentialId);
        return ViewOf(result.Passkey, new Dictionary<string, DateTimeOffset>());
    }

    public async Task<Outcome<PasskeyView>> RenameAsync(HttpContext context, string accountId, string? id, string? name)
    {
        if (NameRefusal(name) is { } refusal)
        {
            return refusal;
        }

        if (await PasskeyOfAsync(accountId, id) is not { } found)
        {
            return PasskeyNotFound;
        }

        var (account, passkey) = found;

        passkey.Name = name!.Trim();
        var stored = await Accounts.AddOrUpdatePasskeyAsync(account, passkey);
        if (!stored.Succeeded)
        {
            return Refusal.Conflict("passkey-not-stored", "Passkey not saved", "The new name could not be saved. Reload the page and try again.");
        }

        await RecordAsync(context, account.Id, AuditActions.PasskeyRenamed, passkey.CredentialId);
        return ViewOf(passkey, await _usage.LastUsedAsync(account.Id, context.RequestAborted));
    }

    public async Task<Outcome<PasskeyView>> RemoveAsync(HttpContext context, string accountId, string? id)
    {
        if (await PasskeyOfAsync(accountId, id) is not { } found)
        {
            return PasskeyNotFound;
        }

        var (account, passkey) = found;

        var removed = await Accounts.RemovePasskeyAsync(account, passkey.CredentialId);
        if (!removed.Succeeded)
        {
            return Refusal.Conflict("passkey-not-removed", "Passkey not removed", "The passkey could not be removed. Reload the page and try again.");
        }

        await _usage.ForgetAsync(account.Id, passkey.CredentialId, context.RequestAborted);
        await FactorsChangedAsync(context, account.Id, AuditActions.PasskeyRemoved, passkey.CredentialId);
        return ViewOf(passkey, new Dictionary<string, DateTimeOffset>());
    }

    private static Refusal PasskeyNotFound => new(
        StatusCodes.Status404NotFound, "not-found", "Passkey not found", "No passkey with this id belongs to your account; it may have been removed already. Reload the page.");

    private static Refusal? NameRefusal(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            ? Refusal.Invalid("passkey-name", "Invalid passkey name", $"Name the passkey in at most {MaxNameLength} characters, after the device or key it lives on, such as “work laptop”.")
            : null;

    private static PasskeyView ViewOf(UserPasskeyInfo passkey, IReadOnlyDictionary<string, DateTimeOffset> lastUsed) => new(
        PasskeyIds.Encode(passkey.CredentialId),
        string.IsNullOrWhiteSpace(passkey.Name) ? "Passkey" : passkey.Name,
        passkey.CreatedAt,
        lastUsed.TryGetValue(PasskeyIds.Fingerprint(passkey.CredentialId), out var used) ? used : null,
        passkey.IsBackedUp);

    private async Task<(Account Account, UserPasskeyInfo Passkey)?> PasskeyOfAsync(string accountId, string? id)
    {
        if (PasskeyIds.Decode(id) is not { } credentialId || await Accounts.FindByIdAsync(accountId) is not { } account)
        {
            return null;
        }

        return await Accounts.GetPasskeyAsync(account, credentialId) is { } passkey ? (account, passkey) : null;
    }

    private async Task FactorsChangedAsync(HttpContext context, string accountId, string action, byte[] credentialId)
    {
        await RecordAsync(context, accountId, action, credentialId);
        await _sessions.RevokeOthersAsync(context.User, accountId, context.RequestAborted);

        // Re-issued under the same session id so that a security stamp changed with the passkeys cannot end this
        // session at the next stamp check; after RevokeOthersAsync, which reads the request's session.
        if (await Accounts.FindByIdAsync(accountId) is { } account)
        {
            await _signIn.RefreshSignInAsync(account);
        }

        await _mfa.AccountFactorsChangedAsync(context, accountId, context.RequestAborted);
    }

    /// <summary>In the instance chain and in each workspace chain of the account; the passkey's name is the person's words and stays out.</summary>
    private Task RecordAsync(HttpContext context, string accountId, string action, byte[] credentialId) =>
        _audit.RecordAsync(context, accountId, action, AuditOutcome.Success, new Dictionary<string, string> { ["passkey"] = PasskeyIds.Fingerprint(credentialId) });
}
