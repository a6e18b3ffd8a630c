using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Backups.Archive;
using Waymark.Backups.Running;
using Waymark.Backups.Scheduling;

namespace Waymark.Backups.Http;

/// <summary>
/// <c>/instance/backups…</c>: the installation's backups, for operators and the instance owner signed in to the
/// dashboard (<c>instance:operate</c>). Not under <c>/v1</c>, which workspace keys authenticate: backups belong to no workspace.
/// </summary>
internal static class BackupEndpoints
{
    public const string Path = "/instance/backups";
    private const int ListLimit = 50;

    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Backups");
        group.MapGet("/", StatusAsync).RequirePermission(Permissions.InstanceOperate);
        group.MapPost("/", QueueAsync).RequirePermission(Permissions.InstanceOperate);
        group.MapGet("/{id}", GetAsync).RequirePermission(Permissions.InstanceOperate);
        return routes;
    }

    private static async Task<Ok<BackupStatusResponse>> StatusAsync(HttpContext context, BackupStatus status) =>
        TypedResults.Ok(BackupStatusResponse.From(await status.ReadAsync(ListLimit, context.RequestAborted)));

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, BackupHistory history) =>
        BackupKeys.IsId(id) && await history.FindAsync(id, context.RequestAborted) is { } run
            ? TypedResults.Ok(RunResponse.From(run))
            : Problems.Create(StatusCodes.Status404NotFound, "not-found", "Backup not found", $"No backup run has this id. List them with GET {Path}.");

    private static async Task<Results<Accepted<RunResponse>, ProblemHttpResult>> QueueAsync(HttpContext context, BackupQueue queue, BackupHistory history)
    {
        var outcome = await queue.QueueAsync(BackupStates.Dashboard, context.RequestAborted);
        if (outcome.Value is not { } backupId)
        {
            return outcome.Refusal!.ToProblem();
        }

        return TypedResults.Accepted($"{Path}/{backupId}", RunResponse.From((await history.FindAsync(backupId, context.RequestAborted))!));
    }
}
