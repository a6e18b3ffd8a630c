using System.CommandLine;
using Spectre.Console;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Deletion;
using Waymark.Jobs;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

/// <summary>
/// An operator's side of data subject requests that arrive by mail or phone: delete users or companies (waiting for
/// the purge with a progress bar) and lift a suppression. Audited as the system, ids never printed back.
/// </summary>
internal static class SubjectCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Option<bool> Companies = new("--companies") { Description = "The ids are company ids (their member users are kept)" };

    private static readonly Argument<string[]> Ids = new("ids") { Description = "User (or, with --companies, company) ids", Arity = ArgumentArity.ZeroOrMore };

    private static readonly Option<FileInfo?> IdsFile = new("--ids-file") { Description = "A file with one id per line (blank lines ignored), for up to 5,000 ids" };

    private static readonly Option<bool> NoWait = new("--no-wait") { Description = "Print the job id and return; a worker purges the rows later" };

    private static readonly Argument<string> Id = new("id") { Description = "The user (or, with --companies, company) id" };

    public static Command Create()
    {
        var delete = new Command("delete", "Delete users or companies: their data keys at once, their rows by a purge job (shown as it runs)") { Ids, IdsFile, Companies, NoWait, Workspace, CommonOptions.Data, CommonOptions.Database };
        delete.SetAction(DeleteAsync);
        var unsuppress = new Command("unsuppress", "Accept events for a deleted user or company again") { Id, Companies, Workspace, CommonOptions.Data, CommonOptions.Database };
        unsuppress.SetAction(UnsuppressAsync);
        return new Command("subjects", "Data subject requests: deletion and suppression") { delete, unsuppress };
    }

    private static async Task<int> DeleteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var ids = new List<string>(parse.GetValue(Ids) ?? []);
        if (parse.GetValue(IdsFile) is { } file)
        {
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"waymark: no file {file.FullName}.");
                return 2;
            }

            ids.AddRange((await File.ReadAllLinesAsync(file.FullName, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0));
        }

        if (ids.Count is 0 or > SubjectIds.MaxPerRequest)
        {
            await Console.Error.WriteLineAsync($"waymark: give 1 to {SubjectIds.MaxPerRequest} ids (arguments or --ids-file); got {ids.Count}. Nothing was deleted.");
            return 2;
        }

        var wait = !parse.GetValue(NoWait);
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken, runJobs: wait);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        var kind = parse.GetValue(Companies) ? SubjectKind.Company : SubjectKind.User;
        var accepted = await host.Services.GetRequiredService<SubjectDeletion>().AcceptAsync(
            Caller.Operator(), workspaceId.Value, kind, ids.Select(id => (SubjectIds.Check(id) is { } error ? ((string?)null, (string?)error) : (id, null))).ToList());
        Console.WriteLine($"Deleted the data keys of {accepted.TotalRows - accepted.InvalidRows} subject(s): their data is unreadable from now on. Purge job: {accepted.JobId}");
        if (!wait)
        {
            Console.WriteLine($"A worker purges the rows; follow it with GET /v1/background_jobs/{accepted.JobId} or on the dashboard's Jobs page.");
            return accepted.InvalidRows == 0 ? 0 : 1;
        }

        var job = await FollowAsync(host.Services.GetRequiredService<JobQuery>(), workspaceId.Value, accepted.JobId, cancellationToken);
        Console.WriteLine($"Purge {JobStatuses.Of(job.Status)}: {job.CompletedRows - job.FailedRows} of {job.TotalRows} row(s) purged in {job.ElapsedSeconds ?? 0:F1} s.");
        foreach (var error in job.Errors)
        {
            Console.WriteLine($"  row {error.Row}: {error.Error}");
        }

        return job.Status == JobStatus.Completed ? 0 : 1;
    }

    /// <summary>Polls the job until it ends, drawing its progress (plain lines when the output is not a terminal).</summary>
    private static async Task<JobView> FollowAsync(JobQuery jobs, long workspaceId, string jobId, CancellationToken cancellationToken)
    {
        JobView job = (await jobs.FindAsync(workspaceId, jobId, cancellationToken))!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("Purging", maxValue: Math.Max(1, job.TotalRows));
                while (JobStatuses.IsUnfinished(job.Status))
                {
                    await Task.Delay(200, cancellationToken);
                    job = (await jobs.FindAsync(workspaceId, jobId, cancellationToken))!;
                    bar.Value = job.CompletedRows;
                }

                bar.Value = bar.MaxValue;
            });
        return job;
    }

    private static async Task<int> UnsuppressAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(Id)!;
        if (SubjectIds.Check(id) is { } error)
        {
            await Console.Error.WriteLineAsync("waymark: " + error);
            return 2;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaceId = await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken);
        if (workspaceId is null)
        {
            return 1;
        }

        var kind = parse.GetValue(Companies) ? SubjectKind.Company : SubjectKind.User;
        var dropped = await host.Services.GetRequiredService<SubjectDeletion>().UnsuppressAsync(Caller.Operator(), workspaceId.Value, kind, id, cancellationToken);
        if (dropped is null)
        {
            await Console.Error.WriteLineAsync("waymark: that id is not suppressed in this workspace (it was never deleted, or was already unsuppressed).");
            return 1;
        }

        Console.WriteLine($"Unsuppressed: events for this id are stored again. {dropped} event(s) were dropped while it was suppressed.");
        return 0;
    }
}
