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

    private static async Task<Results<Ok<UserResponse>, NoContent, ProblemHttpResult>> PatchUserAsync(string userId, HttpContext context, SubjectRectifier rectifier, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        var outcome = await RectifyAsync(context, rectifier, SubjectKind.User, userId);
        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (!context.User.HasClaim(Permissions.ClaimType, Permissions.DataRead))
        {
            return TypedResults.NoContent();
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var user = await reader.FindUserAsync(workspace, userId, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (user is null)
        {
            return Problems.NotFound("User");
        }

        await RecordReadAsync(context, audit, "user", outcome.Value, user.DisclosedPhi);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<CompanyResponse>, NoContent, ProblemHttpResult>> PatchCompanyAsync(string companyId, HttpContext context, SubjectRectifier rectifier, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        var outcome = await RectifyAsync(context, rectifier, SubjectKind.Company, companyId);
        if (outcome.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (!context.User.HasClaim(Permissions.ClaimType, Permissions.DataRead))
        {
            return TypedResults.NoContent();
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var company = await reader.FindCompanyAsync(workspace, companyId, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (company is null)
        {
            return Problems.NotFound("Company");
        }

        await RecordReadAsync(context, audit, "company", outcome.Value, company.DisclosedPhi);
        return TypedResults.Ok(company);
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

    /// <summary>
    /// The answer shows the corrected profile, so it is audited as a read of it, as <c>GET</c> is; and once more with
    /// the PHI keys when it discloses PHI values.
    /// </summary>
    private static async Task RecordReadAsync(HttpContext context, IAuditLog audit, string targetType, SubjectHash subject, IReadOnlyList<string> disclosedPhi)
    {
        await SubjectReadAudit.RecordReadAsync(context, audit, targetType, subject, "rectification");
        await SubjectReadAudit.RecordPhiReadAsync(context, audit, targetType, subject, "rectification", disclosedPhi);
    }
}
