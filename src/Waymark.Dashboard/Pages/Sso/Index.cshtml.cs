using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Sso;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Sso;

[RequirePermission(Permissions.SettingsManage)]
public sealed class IndexModel(SsoConnections connections, RoleCatalog roles, IOptions<AccountsOptions> options) : WorkspacePageModel
{
    /// <summary>The least a newcomer can start with; the owner raises it on purpose.</summary>
    private const string SuggestedRole = "viewer";

    [BindProperty]
    [Display(Name = "Issuer URL")]
    public string? Issuer { get; set; }

    [BindProperty]
    [Display(Name = "Client ID")]
    public string? ClientId { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Client secret")]
    public string? ClientSecret { get; set; }

    [BindProperty]
    [Display(Name = "Email domains")]
    public string? EmailDomains { get; set; }

    [BindProperty]
    [Display(Name = "Default role")]
    public string? DefaultRole { get; set; } = SuggestedRole;

    /// <summary>The connection as stored, or null when there is none.</summary>
    public SsoConnectionView? Connection { get; private set; }

    /// <summary>Every role but owner: a provider never makes owners.</summary>
    public IReadOnlyList<RoleView> Roles { get; private set; } = [];

    /// <summary>What to register at the provider as the redirect (callback) URI.</summary>
    public string RedirectUri => new Uri(options.Value.BaseUrlFor(Request), SsoConnections.CallbackPath(Ws)).ToString();

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Connection is { } connection)
        {
            Issuer = connection.Issuer;
            ClientId = connection.ClientId;
            EmailDomains = string.Join(", ", connection.EmailDomains);
            DefaultRole = connection.DefaultRole;
        }
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        var settings = new SsoSettings(Issuer, ClientId, ClientSecret, [EmailDomains ?? ""], DefaultRole);
        var outcome = await connections.ConfigureAsync(Caller, WorkspaceId, settings, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, FieldOf(refusal));
            ClientSecret = null;
            await LoadAsync();
            return Page();
        }

        return Done("Single sign-on is configured. People with an address at " + string.Join(", ", outcome.Value!.EmailDomains) + " can now sign in through your provider.", "/Sso/Index", new { ws = Ws });
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        var outcome = await connections.RemoveAsync(Caller, WorkspaceId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await LoadAsync();
            return Page();
        }

        return Done("Single sign-on was removed. Members sign in with their password again.", "/Sso/Index", new { ws = Ws });
    }

    private static string FieldOf(Refusal refusal) => refusal.Type switch
    {
        "invalid-sso-issuer" => nameof(Issuer),
        "invalid-sso-client" when refusal.Detail.Contains("secret", StringComparison.Ordinal) => nameof(ClientSecret),
        "invalid-sso-client" => nameof(ClientId),
        "invalid-sso-domains" or "sso-domain-taken" => nameof(EmailDomains),
        "invalid-role" => nameof(DefaultRole),
        _ => "",
    };

    private async Task LoadAsync()
    {
        Connection = await connections.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        Roles = (await roles.MatrixAsync(WorkspaceId, HttpContext.RequestAborted)).Roles.Where(r => SsoConnections.IsAllowedDefaultRole(r.Key)).ToList();
    }
}
