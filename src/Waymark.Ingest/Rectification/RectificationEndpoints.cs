using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Reading;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.Rectification;

/// <summary><c>PATCH /v1/users/{userId}</c> and <c>PATCH /v1/companies/{companyId}</c>: correct stored traits.</summary>
internal static class RectificationEndpoints
{
    public static IEndpointRouteBuilder MapRectificationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Data subjects");
        group.MapPatch("/users/{userId}", PatchUserAsync).RequirePermission(Permissions.DataWrite)
            .WithSummary("Correct a user's traits: a value replaces the stored one, null removes it (audited with the keys, not the values)");
        group.MapPatch("/companies/{companyId}", PatchCompanyAsync).RequirePermission(Permissions.DataWrite)
            .WithSummary("Correct a company's traits: a value replaces the stored one, null removes it (audited with the keys, not the values)");
        return routes;
    }

    private static Task<Results<Ok<UserResponse>, NoContent, ProblemHttpResult>> PatchUserAsync(string userId, HttpContext context, SubjectRectifier rectifier, KeyRing keyRing, SubjectReader reader, IAuditLog audit) =>
        PatchAsync(context, rectifier, keyRing, audit, SubjectKind.User, userId, (workspace, phi, ct) => reader.FindUserAsync(workspace, userId, phi, ct), u => u.DisclosedPhi);

    private static Task<Results<Ok<CompanyResponse>, NoContent, ProblemHttpResult>> PatchCompanyAsync(string companyId, HttpContext context, SubjectRectifier rectifier, KeyRing keyRing, SubjectReader reader, IAuditLog audit) =>
        PatchAsync(context, rectifier, keyRing, audit, SubjectKind.Company, companyId, (workspace, phi, ct) => reader.FindCompanyAsync(workspace, companyId, phi, ct), c => c.DisclosedPhi);

    /// <summary>Corrects, then answers the profile as <c>GET</c> would; a caller that may not read profiles gets 204.</summary>
    private static async Task<Results<Ok<T>, NoContent, ProblemHttpResult>> PatchAsync<T>(
        HttpContext context,
        SubjectRectifier rectifier,
        KeyRing keyRing,
        IAuditLog audit,
        SubjectKind kind,
        string subjectId,
        Func<WorkspaceKeys, bool, CancellationToken, Task<T?>> find,
        Func<T, IReadOnlyList<string>> disclosedPhi)
        where T : class
    {
        var outcome = await RectifyAsync(context, rectifier, kind, subjectId);
        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (!context.User.HasClaim(Permissions.ClaimType, Permissions.DataRead))
        {
            return TypedResults.NoContent();
        }

        var targetType = kind == SubjectKind.Company ? "company" : "user";
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        if (await find(workspace, SubjectReadAudit.IncludesPhi(context), context.RequestAborted) is not { } profile)
        {
            return Problems.NotFound(kind == SubjectKind.Company ? "Company" : "User");
        }

        await SubjectReadAudit.RecordReadAsync(context, audit, targetType, outcome.Value, "rectification");
        await SubjectReadAudit.RecordPhiReadAsync(context, audit, targetType, outcome.Value, "rectification", disclosedPhi(profile));
        return TypedResults.Ok(profile);
    }

    private static async Task<Outcome<SubjectHash>> RectifyAsync(HttpContext context, SubjectRectifier rectifier, SubjectKind kind, string subjectId)
    {
        var corrections = TraitCorrections.Parse(await BufferedBody.ReadAsync(context, Calls.IngestLimits.MaxEventBytes));
        if (corrections.Refusal is { } refusal)
        {
            return refusal;
        }

        return await rectifier.RectifyAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), kind, subjectId, corrections.Value!, context.RequestAborted);
    }
}
