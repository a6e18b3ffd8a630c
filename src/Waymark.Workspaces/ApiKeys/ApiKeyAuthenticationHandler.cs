using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// Authenticates write keys (HTTP Basic user name, as Segment clients send them, or <c>writeKey</c> in a JSON body)
/// and server keys (<c>Authorization: Token KEY</c> as Userpilot clients send them, or <c>Bearer KEY</c>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IAuditLog audit)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Malformed = "";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadHeaderSecret() ?? await ReadBodySecretAsync();
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (secret.Length == 0)
        {
            return AuthenticateResult.Fail("The Authorization header is malformed.");
        }

        var lookup = await keys.FindAsync(secret, Context.RequestAborted);
        if (lookup.Identity is not { } identity)
        {
            await AuditUnknownAsync();
            return AuthenticateResult.Fail("The key is unknown.");
        }

        if (lookup.DeniedBecause is { } reason)
        {
            if (keys.ShouldAuditDenial(identity.KeyId, out var repeats))
            {
                var details = new Dictionary<string, string> { ["reason"] = reason, ["refused_since_last_entry"] = repeats.ToString(CultureInfo.InvariantCulture) };
                var denied = AuditEvents.FromRequest(Context, AuditActions.KeyUseDenied, AuditOutcome.Denied, "key", identity.KeyId.ToString(CultureInfo.InvariantCulture), details)
                    with { WorkspaceId = identity.WorkspaceId, Actor = AuditActor.Key(identity.KeyId, ActorKindOf(identity.Kind)) };
                await audit.RecordAsync(denied, Context.RequestAborted);
            }

            return AuthenticateResult.Fail("The key is " + reason + ".");
        }

        Context.Features.Set(identity);
        var claims = new List<Claim>
        {
            new(WorkspaceClaims.WorkspaceId, identity.WorkspaceId.ToString(CultureInfo.InvariantCulture)),
            new(WorkspaceClaims.WorkspacePublicId, identity.WorkspacePublicId),
            new(WorkspaceClaims.KeyId, identity.KeyId.ToString(CultureInfo.InvariantCulture)),
            new(WorkspaceClaims.ActorKind, identity.Kind == ApiKeyKind.Write ? "write-key" : "server-key"),
            new(WorkspaceClaims.ActorId, identity.KeyId.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(Caller.ClaimsOf(identity.Scopes));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var body = Context.Features.Get<BufferedBody>();
        var result = body is { TooLarge: true }
            ? Problems.Create(StatusCodes.Status413PayloadTooLarge, "request-too-large", "Request too large", $"A request may carry at most {Options.BodyLimitBytes / 1024} KB. Split the batch into smaller requests.")
            : Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "Missing or invalid key", "Send the workspace write key as the HTTP Basic user name (empty password), or a server key as 'Authorization: Token KEY'. A revoked or expired key no longer works. Keys are shown once at creation: create a new one in the dashboard (Keys) if it is lost.");
        await result.ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Permission denied", "This key's scope lacks the permission this endpoint needs. Create a server key whose scope includes it (Keys page, or 'waymark keys create'); write keys may only send events.")
            .ExecuteAsync(Context);

    /// <summary>An unknown key belongs to no workspace, so it is recorded in the instance chain, where intrusion detection counts them per address.</summary>
    private async Task AuditUnknownAsync()
    {
        var address = SourceAddress.Of(Context)?.ToString() ?? "unknown";
        if (keys.ShouldAuditUnknown(address, out var repeats))
        {
            var details = new Dictionary<string, string> { ["reason"] = "unknown", ["refused_since_last_entry"] = repeats.ToString(CultureInfo.InvariantCulture) };
            await audit.RecordAsync(AuditEvents.FromRequest(Context, AuditActions.KeyUseDenied, AuditOutcome.Denied, "key", null, details) with { WorkspaceId = AuditEvent.InstanceChain, Actor = AuditActor.Anonymous }, Context.RequestAborted);
        }
    }

    private static AuditActorKind ActorKindOf(ApiKeyKind kind) => kind == ApiKeyKind.Write ? AuditActorKind.WriteKey : AuditActorKind.ServerKey;

    private string? ReadHeaderSecret()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return Malformed;
        }

        var scheme = header[..space];
        var value = header[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? decoded[..colon] : decoded;
            }
            catch (FormatException)
            {
                return Malformed;
            }
        }

        return scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? value
            : Malformed;
    }

    private async Task<string?> ReadBodySecretAsync()
    {
        if (!HttpMethods.IsPost(Request.Method) || Request.ContentLength == 0)
        {
            return null;
        }

        var body = await BufferedBody.ReadAsync(Context, Options.BodyLimitBytes);
        return body.TooLarge ? null : TopLevelWriteKey(body.Memory.Span);
    }

    private static string? TopLevelWriteKey(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isWriteKey = reader.ValueTextEquals("writeKey"u8);
                reader.Read();
                if (isWriteKey && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
