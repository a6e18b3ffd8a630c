using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.IdentityVerification;
using Waymark.Ingest.Sealing;
using Waymark.Ingest.Telemetry;
using Waymark.Ingest.Writing;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Ingest.Api;

/// <summary>
/// Validate → classify and seal → queue → wait for the commit. A request is all or nothing: one invalid call
/// refuses the whole request before anything is queued.
/// </summary>
internal sealed class IngestPipeline(KeyRing keyRing, DataClassStore classes, CallSealer sealer, IngestQueue queue, IngestMetrics metrics, IdentityVerifier identities, TimeProvider clock)
{
    private const int RetryAfterSeconds = 1;

    public ProblemHttpResult Reject(ProblemHttpResult problem, int calls)
    {
        metrics.Rejected.Add(calls);
        return problem;
    }

    public async Task<(ProblemHttpResult? Problem, CallShape Shape)> AcceptAsync(HttpContext context, CallShape shape, JsonElement root)
    {
        shape = Resolve(shape, root);
        var errors = new List<CallError>();
        var calls = Read(shape, root, errors, out var tooMany);
        if (tooMany is not null)
        {
            return (Reject(tooMany, 1), shape);
        }

        if (errors.Count > 0)
        {
            var problem = Problems.BadRequest(
                "invalid-events",
                "Invalid calls",
                $"{errors.Count} call(s) are invalid, so nothing of this request was stored. Fix the calls listed in 'errors' (by index) and send the request again.",
                new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { index = e.Index, reason = e.Reason }).ToArray() });
            return (Reject(problem, Math.Max(1, calls.Count + errors.Count)), shape);
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        if (await identities.CheckAsync(context, workspaceId, calls.Select(c => c.UserId).ToList(), calls.Any(c => c.UserId is null && c.AnonymousId is null)) is { } unverified)
        {
            return (Reject(unverified, calls.Count), shape);
        }

        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, context.RequestAborted);
        var map = await classes.GetAsync(workspaceId, context.RequestAborted);
        var request = await sealer.SealAsync(workspace, map, calls, clock.GetUtcNow(), context.RequestAborted);
        if (!queue.TryEnqueue(request))
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (Reject(Problems.Create(StatusCodes.Status503ServiceUnavailable, "queue-full", "Ingest queue full", "Waymark is writing as fast as it can and accepts no more for a moment. Retry after the number of seconds in Retry-After; nothing of this request was stored."), calls.Count), shape);
        }

        try
        {
            await request.Completion.Task;
        }
        catch (Exception)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (Problems.Create(StatusCodes.Status503ServiceUnavailable, "write-failed", "Write failed", "The events may not have been stored: the database did not confirm the commit. Retry the same request with the same messageIds; repeats are stored once."), shape);
        }

        return (null, shape);
    }

    /// <summary>Userpilot's and Segment's identify and track share a path; a body keyed by <c>user_id</c> is Userpilot's.</summary>
    private static CallShape Resolve(CallShape shape, JsonElement root)
    {
        if (shape is not (CallShape.Identify or CallShape.Track) || root.ValueKind != JsonValueKind.Object)
        {
            return shape;
        }

        var userpilot = root.TryGetProperty("user_id", out _) && !root.TryGetProperty("userId", out _) && !root.TryGetProperty("anonymousId", out _);
        return !userpilot ? shape : shape == CallShape.Identify ? CallShape.UserpilotIdentify : CallShape.UserpilotTrack;
    }

    private static IReadOnlyList<IncomingCall> Read(CallShape shape, JsonElement root, List<CallError> errors, out ProblemHttpResult? tooMany)
    {
        tooMany = null;
        switch (shape)
        {
            case CallShape.Batch:
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new(0, "The body must be an object with a 'batch' array of calls."));
                    return [];
                }

                var count = batch.GetArrayLength();
                if (count > IngestLimits.MaxBatchEvents)
                {
                    tooMany = Problems.BadRequest("too-many-events", "Too many calls", $"A batch holds at most {IngestLimits.MaxBatchEvents} calls; this one has {count}. Split it into several requests.");
                    return [];
                }

                if (count == 0)
                {
                    errors.Add(new(0, "The 'batch' array is empty."));
                    return [];
                }

                var calls = new List<IncomingCall>(count);
                var index = 0;
                foreach (var element in batch.EnumerateArray())
                {
                    if (CallReader.ReadSegment(element, null, index++, errors) is { } call)
                    {
                        calls.Add(call);
                    }
                }

                return calls;
            case CallShape.UserpilotIdentify:
                return CallReader.ReadUserpilotIdentify(root, errors);
            case CallShape.UserpilotTrack:
                return CallReader.ReadUserpilotTrack(root, errors);
            case CallShape.UserpilotCompany:
                return CallReader.ReadUserpilotCompany(root, errors);
            default:
                var single = CallReader.ReadSegment(root, SingleType(shape), 0, errors);
                return single is null ? [] : [single];
        }
    }

    private static CallType SingleType(CallShape shape) => shape switch
    {
        CallShape.Identify => CallType.Identify,
        CallShape.Track => CallType.Track,
        CallShape.Page => CallType.Page,
        CallShape.Screen => CallType.Screen,
        CallShape.Group => CallType.Group,
        _ => CallType.Alias,
    };
}
