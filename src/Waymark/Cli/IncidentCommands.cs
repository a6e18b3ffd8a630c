using System.CommandLine;
using System.Globalization;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Incidents.Signals;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

/// <summary><c>waymark incidents list|show|ack|resolve</c>: the operator at the machine works incidents, audited as the system.</summary>
internal static class IncidentCommands
{
    private static readonly Option<string?> Workspace = new("--workspace") { Description = "Workspace id (ws_...)" };

    private static readonly Option<bool> Instance = new("--instance") { Description = "The installation's own incidents (credential stuffing, unknown-key floods, audit-chain breaks)" };

    private static readonly Option<string?> State = new Option<string?>("--state") { Description = "Only incidents in this state" }
        .AcceptOnlyFromAmong([.. IncidentStates.All]);

    private static readonly Argument<long> Id = new("id") { Description = "The incident's id, as 'list' shows it" };

    private static readonly Option<string?> Note = new("--note") { Description = "What was found or done; stored on the incident, never audited" };

    public static Command Create()
    {
        var list = new Command("list", "List a workspace's incidents (or the instance's), newest first") { Workspace, Instance, State, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var show = new Command("show", "Show one incident with its timeline") { Id, CommonOptions.Data, CommonOptions.Database };
        show.SetAction(ShowAsync);
        var ack = new Command("ack", "Acknowledge an open incident; its escalation stops") { Id, CommonOptions.Data, CommonOptions.Database };
        ack.SetAction(AcknowledgeAsync);
        var resolve = new Command("resolve", "Resolve an open or acknowledged incident") { Id, Note, CommonOptions.Data, CommonOptions.Database };
        resolve.SetAction(ResolveAsync);
        return new Command("incidents", "Security incidents raised by intrusion detection") { list, show, ack, resolve };
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var publicId = parse.GetValue(Workspace);
        if (parse.GetValue(Instance) == (publicId is not null))
        {
            await Console.Error.WriteLineAsync("waymark: give either --workspace ws_... or --instance.");
            return 2;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        long workspaceId = AuditEvent.InstanceChain;
        if (publicId is not null)
        {
            if (await CliHost.FindWorkspaceAsync(host, publicId, cancellationToken) is not { } found)
            {
                return 1;
            }

            workspaceId = found;
        }

        var book = host.Services.GetRequiredService<IncidentBook>();
        string? cursor = null;
        var any = false;
        do
        {
            var outcome = await book.ListAsync(workspaceId, parse.GetValue(State), null, cursor, IncidentBook.MaxPageSize, cancellationToken);
            var page = outcome.Value!;
            foreach (var incident in page.Incidents)
            {
                any = true;
                Console.WriteLine(string.Join('\t', incident.Id.ToString(CultureInfo.InvariantCulture), incident.State, incident.Severity, incident.OpenedAt.ToString("u", CultureInfo.InvariantCulture), incident.Title));
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        if (!any)
        {
            Console.WriteLine("(no incidents)");
        }

        return 0;
    }

    private static async Task<int> ShowAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var book = host.Services.GetRequiredService<IncidentBook>();
        var id = parse.GetValue(Id);
        if (await book.WorkspaceOfAsync(id, cancellationToken) is not { } workspaceId || await book.GetAsync(workspaceId, id, cancellationToken) is not { } detail)
        {
            return await RefusedAsync(Refusal.NotFound("Incident"));
        }

        var i = detail.Incident;
        Console.WriteLine($"Incident {i.Id}: {i.Title}");
        Console.WriteLine($"Detector: {i.Detector}; severity {i.Severity} (score {i.Score}); {i.State}; {i.SignalCount} signal(s)");
        Console.WriteLine($"Opened: {i.OpenedAt.ToString("u", CultureInfo.InvariantCulture)}");
        if (i.AcknowledgedAt is { } acknowledged)
        {
            Console.WriteLine($"Acknowledged: {acknowledged.ToString("u", CultureInfo.InvariantCulture)} by {i.AcknowledgedBy}");
        }

        if (i.ResolvedAt is { } resolved)
        {
            Console.WriteLine($"Resolved: {resolved.ToString("u", CultureInfo.InvariantCulture)} by {i.ResolvedBy}{(i.ResolveNote is null ? "" : ": " + i.ResolveNote)}");
        }

        Console.WriteLine();
        foreach (var entry in detail.Timeline)
        {
            Console.WriteLine(string.Join('\t', entry.At.ToString("u", CultureInfo.InvariantCulture), entry.Kind, entry.Actor ?? "", entry.Summary));
        }

        return 0;
    }

    private static Task<int> AcknowledgeAsync(ParseResult parse, CancellationToken cancellationToken) =>
        TransitionAsync(parse, (book, workspaceId, id) => book.AcknowledgeAsync(Caller.Operator(), workspaceId, id, cancellationToken), "acknowledged", cancellationToken);

    private static Task<int> ResolveAsync(ParseResult parse, CancellationToken cancellationToken) =>
        TransitionAsync(parse, (book, workspaceId, id) => book.ResolveAsync(Caller.Operator(), workspaceId, id, parse.GetValue(Note), cancellationToken), "resolved", cancellationToken);

    private static async Task<int> TransitionAsync(ParseResult parse, Func<IncidentBook, long, long, Task<Outcome<IncidentView>>> change, string done, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var book = host.Services.GetRequiredService<IncidentBook>();
        var id = parse.GetValue(Id);
        if (await book.WorkspaceOfAsync(id, cancellationToken) is not { } workspaceId)
        {
            return await RefusedAsync(Refusal.NotFound("Incident"));
        }

        var outcome = await change(book, workspaceId, id);
        if (outcome.Refusal is { } refusal)
        {
            return await RefusedAsync(refusal);
        }

        Console.WriteLine($"Incident {id} {done}.");
        return 0;
    }

    private static async Task<int> RefusedAsync(Refusal refusal)
    {
        await Console.Error.WriteLineAsync($"waymark: {refusal.Title}. {refusal.Detail}");
        return refusal.Status == 404 ? 1 : 2;
    }
}
