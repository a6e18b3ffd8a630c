using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Schema;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Sso;

/// <summary>What the OpenID Connect handler of one workspace's scheme is configured from.</summary>
internal sealed record SsoHandlerSettings(long WorkspaceId, string PublicId, string Issuer, string ClientId, string ClientSecret, string Fingerprint);

/// <summary>
/// One ASP.NET Core OpenID Connect scheme per workspace with a connection (<c>sso-{workspace public id}</c>, callback
/// <c>/signin/sso/{workspace public id}/callback</c>), added to and removed from this process at run time. Connections
/// live in the database and any app node may receive a challenge or a callback, so each node brings its scheme in line
/// with the row whenever it is about to use it (<see cref="SyncAsync(long, CancellationToken)"/>), rather than at
/// start-up only: a connection configured on another node, changed or removed there, is then seen by the next request.
/// Schemes are added lazily because ASP.NET Core asks every remote scheme whether it handles each request, so a process
/// carries only the connections it has served.
/// </summary>
internal sealed class SsoSchemes(
    IAuthenticationSchemeProvider schemes,
    IOptionsMonitorCache<OpenIdConnectOptions> optionsCache,
    AccountContexts contexts,
    WorkspaceService workspaces,
    SsoSecrets secrets)
{
    private const string CallbackPrefix = "/signin/sso/";
    private const string CallbackSuffix = "/callback";

    /// <summary>The authentication property that names the workspace whose provider signed the person in.</summary>
    public const string WorkspaceItem = "waymark:sso-workspace";

    private readonly ConcurrentDictionary<string, SsoHandlerSettings> _settings = new(StringComparer.Ordinal);

    public static string SchemeName(string workspacePublicId) => "sso-" + workspacePublicId;

    public static string CallbackPath(string workspacePublicId) => CallbackPrefix + workspacePublicId + CallbackSuffix;

    /// <summary>Another path of the workspace's handler, below the same prefix as its callback.</summary>
    public static string WorkspacePath(string workspacePublicId, string leaf) => CallbackPrefix + workspacePublicId + "/" + leaf;

    /// <summary>The workspace public id of a callback path, or null for any other path.</summary>
    public static string? CallbackWorkspace(PathString path)
    {
        var value = path.Value;
        if (value is null || !value.StartsWith(CallbackPrefix, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(CallbackSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var id = value[CallbackPrefix.Length..^CallbackSuffix.Length];
        return id.Length is > 0 and <= 64 && !id.Contains('/', StringComparison.Ordinal) ? id : null;
    }

    /// <summary>The settings of a scheme this class added; null for every other scheme.</summary>
    public SsoHandlerSettings? SettingsFor(string schemeName) => _settings.GetValueOrDefault(schemeName);

    /// <summary>Brings the scheme of the workspace named in a callback path in line with the database.</summary>
    public async Task SyncAsync(string workspacePublicId, CancellationToken cancellationToken)
    {
        if (await workspaces.FindIdAsync(workspacePublicId, cancellationToken) is { } workspaceId)
        {
            await SyncAsync(workspaceId, workspacePublicId, cancellationToken);
        }
    }

    /// <summary>Brings the workspace's scheme in line with the database; answers its name, or null without a connection.</summary>
    public async Task<string?> SyncAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var names = await workspaces.NamesAsync([workspaceId], cancellationToken);
        return names.TryGetValue(workspaceId, out var workspace) ? await SyncAsync(workspaceId, workspace.PublicId, cancellationToken) : null;
    }

    private async Task<string?> SyncAsync(long workspaceId, string publicId, CancellationToken cancellationToken)
    {
        var name = SchemeName(publicId);
        SsoConnectionRow? row;
        await using (var db = contexts.Create())
        {
            row = await db.SsoConnections.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        }

        if (row is null)
        {
            schemes.RemoveScheme(name);
            _settings.TryRemove(name, out _);
            optionsCache.TryRemove(name);
            return null;
        }

        var fingerprint = string.Join('\n', row.Issuer, row.ClientId, Convert.ToBase64String(row.ClientSecret));
        if (!_settings.TryGetValue(name, out var current) || current.Fingerprint != fingerprint)
        {
            // Settings first, then the cached options: options built after this point see the new connection.
            _settings[name] = new SsoHandlerSettings(workspaceId, publicId, row.Issuer, row.ClientId, secrets.Open(workspaceId, row.ClientSecret), fingerprint);
            optionsCache.TryRemove(name);
        }

        if (await schemes.GetSchemeAsync(name) is null)
        {
            schemes.TryAddScheme(new AuthenticationScheme(name, "Single sign-on", typeof(OpenIdConnectHandler)));
        }

        return name;
    }
}
