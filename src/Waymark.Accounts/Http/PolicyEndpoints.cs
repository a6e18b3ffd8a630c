using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Accounts.Policies;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Http;

/// <summary>The workspace's sign-in policies and who meets them.</summary>
internal static class PolicyEndpoints
{
    public static void MapPolicyApi(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/v1/policies").WithTags("Policies");
        policies.MapGet("/", GetAsync).RequirePermission(Permissions.WorkspaceView);
        policies.MapPatch("/", ChangeAsync).RequirePermission(Permissions.SettingsManage);
        policies.MapGet("/mfa-compliance", ComplianceAsync).RequirePermission(Permissions.MembersManage);
    }

    private static async Task<Ok<PolicyResponse>> GetAsync(HttpContext context, WorkspacePolicies policies) =>
        TypedResults.Ok(PolicyResponse.From(await policies.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)));

    private static async Task<Results<Ok<PolicyChangeResponse>, ProblemHttpResult>> ChangeAsync(PolicyChangeRequest? request, HttpContext context, WorkspacePolicies policies)
    {
        var outcome = await policies.ChangeAsync(Caller.From(context), context, WorkspaceClaims.WorkspaceIdOf(context.User), request?.RequireMfa, request?.RequireSso, context.RequestAborted);
        return outcome.Value is { } change
            ? TypedResults.Ok(new PolicyChangeResponse(PolicyResponse.From(change.Policy), change.Suspended, change.Reinstated))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<ComplianceResponse>> ComplianceAsync(HttpContext context, WorkspacePolicies policies) =>
        TypedResults.Ok(new ComplianceResponse((await policies.ComplianceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted))
            .Select(m => new ComplianceEntry(m.AccountId, m.RoleName, m.Authenticator, m.Passkeys, m.Compliant, m.Suspended)).ToList()));
}

internal sealed record PolicyChangeRequest([property: JsonPropertyName("require_mfa")] bool? RequireMfa, [property: JsonPropertyName("require_sso")] bool? RequireSso);

internal sealed record PolicyResponse(
    [property: JsonPropertyName("require_mfa")] bool RequireMfa,
    [property: JsonPropertyName("require_sso")] bool RequireSso,
    [property: JsonPropertyName("sso_configured")] bool SsoConfigured,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt)
{
    public static PolicyResponse From(PolicyView view) => new(view.RequireMfa, view.RequireSso, view.SsoConfigured, view.UpdatedAt);
}

internal sealed record PolicyChangeResponse(
    [property: JsonPropertyName("policy")] PolicyResponse Policy,
    [property: JsonPropertyName("suspended")] int Suspended,
    [property: JsonPropertyName("reinstated")] int Reinstated);

/// <summary>Account ids, not addresses: the compliance list is for tooling, and the members API maps ids to people for those allowed to see them.</summary>
internal sealed record ComplianceEntry(
    [property: JsonPropertyName("account_id")] string AccountId,
    [property: JsonPropertyName("role_name")] string Role,
    [property: JsonPropertyName("authenticator")] bool Authenticator,
    [property: JsonPropertyName("passkeys")] int Passkeys,
    [property: JsonPropertyName("compliant")] bool Compliant,
    [property: JsonPropertyName("suspended")] bool Suspended);

internal sealed record ComplianceResponse([property: JsonPropertyName("members")] IReadOnlyList<ComplianceEntry> Members);
