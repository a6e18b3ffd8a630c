using System.CommandLine;
using System.Globalization;
using System.Text;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Evidence;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

internal static class AccessReviewCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Option<string?> State = new Option<string?>("--state") { Description = "Only reviews in this state" }
        .AcceptOnlyFromAmong([.. CampaignStates.All]);

    private static readonly Option<long> Review = new("--review") { Description = "The review's id, as 'list' shows it", Required = true };

    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Write the CSV to this file instead of standard output" };

    public static Command Create()
    {
        var list = new Command("list", "Show a workspace's access reviews, newest first, with their progress") { Workspace, State, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var start = new Command("start", "Start a review of every member's role and every working key now") { Workspace, CommonOptions.Data, CommonOptions.Database };
        start.SetAction(StartAsync);
        var evidence = new Command("evidence", "Export a review as CSV evidence for an auditor (one row per item, with its decision)") { Workspace, Review, Out, CommonOptions.Data, CommonOptions.Database };
        evidence.SetAction(EvidenceAsync);
        return new Command("access-reviews", "Access reviews: quarterly, onboarding and offboarding reviews of who can reach a workspace") { list, start, evidence };
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<CampaignStore>().ListAsync(workspaceId, parse.GetValue(State), cancellationToken);
        if (outcome.Value is not { } campaigns)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        foreach (var c in campaigns)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Id}\t{c.Kind}\t{c.State}\t{c.Decided}/{c.Total} decided\tdue {c.DueAt:yyyy-MM-dd}"));
        }

        if (campaigns.Count == 0)
        {
            Console.WriteLine("(no access reviews yet: start one with 'waymark access-reviews start')");
        }

        return 0;
    }

    private static async Task<int> StartAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<CampaignStore>().StartAsync(Caller.Operator(), workspaceId, CampaignKinds.Manual, cancellationToken: cancellationToken);
        if (outcome.Value is not { } campaign)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Started access review {campaign.Id} with {campaign.Total} item(s), due {campaign.DueAt:yyyy-MM-dd}. Reviewers decide each item in the dashboard or the API."));
        return 0;
    }

    private static async Task<int> EvidenceAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<EvidenceExport>().ExportAsync(Caller.Operator(), workspaceId, parse.GetValue(Review), cancellationToken);
        if (outcome.Value is not { } file)
        {
            return await RefusedAsync(outcome.Refusal!);
        }

        if (parse.GetValue(Out) is { } output)
        {
            await File.WriteAllTextAsync(output.FullName, file.Csv, new UTF8Encoding(false), cancellationToken);
            await Console.Error.WriteLineAsync($"Wrote the evidence to {output.FullName}.");
        }
        else
        {
            Console.Write(file.Csv);
        }

        return 0;
    }

    private static async Task<int> RefusedAsync(Refusal refusal)
    {
        await Console.Error.WriteLineAsync($"waymark: {refusal.Title}. {refusal.Detail}");
        return refusal.Status == 404 ? 1 : 2;
    }
}
