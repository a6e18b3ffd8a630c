using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Waymark.Audit;
using Waymark.Audit.Chain;
using Waymark.Storage;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Cli;

/// <summary><c>waymark audit verify</c>, <c>export-head</c> and <c>list</c>: checking the audit log's hash chains, anchoring them outside the database, and reading a chain (the instance chain has no API).</summary>
internal static class AuditCommands
{
    private const string InstanceName = "instance";
    private const long ProgressThreshold = 10_000;

    private static readonly Option<string?> Workspace = new("--workspace") { Description = "Verify one workspace's chain only (ws_..., or 'instance' for the instance chain). Default: every chain" };

    private static readonly Option<string?> Heads = new("--heads") { Description = $"The heads file of an earlier 'audit export-head', to detect entries removed from the end. Default: <data dir>/{HeadsFile.DefaultFileName} if it exists" };

    private static readonly Option<string?> Out = new("--out") { Description = $"Also write the heads to this file (keep a copy away from this server). The default file, <data dir>/{HeadsFile.DefaultFileName}, is always written" };

    public static Command Create()
    {
        var verify = new Command("verify", "Recompute every hash chain of the audit log and name the first entry that was edited, deleted, inserted or reordered; exits 1 if any")
        {
            Workspace, Heads, CommonOptions.Data, CommonOptions.Database,
        };
        verify.SetAction(VerifyAsync);

        var exportHead = new Command("export-head", "Write each chain's last seq and hash to a heads file, so that later truncation of the log is detected")
        {
            Out, CommonOptions.Data, CommonOptions.Database,
        };
        exportHead.SetAction(ExportHeadAsync);

        var list = new Command("list", "Print the newest entries of one chain (a workspace, or 'instance' for sign-ins and setup), newest first")
        {
            ListWorkspace, ListAction, Limit, CommonOptions.Json, CommonOptions.Data, CommonOptions.Database,
        };
        list.SetAction(ListAsync);

        return new Command("audit", "Read and verify the tamper-evident audit log") { verify, exportHead, list };
    }

    private static readonly Option<string> ListWorkspace = new("--workspace") { Description = "The chain to read: a workspace id (ws_...) or 'instance'", Required = true };

    private static readonly Option<string?> ListAction = new("--action") { Description = "Only entries with this action, e.g. signin.failed" };

    private static readonly Option<int> Limit = new("--limit") { Description = "How many entries (1 to 500)", DefaultValueFactory = _ => 50 };

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(Limit);
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            await Console.Error.WriteLineAsync($"waymark: --limit is 1 to {AuditQuery.MaxLimit}.");
            return 2;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var publicId = parse.GetValue(ListWorkspace)!;
        var workspaceId = publicId == InstanceName ? 0 : await CliHost.FindWorkspaceAsync(host, publicId, cancellationToken);
        if (workspaceId is null)
        {
            return 2;
        }

        var page = await host.Services.GetRequiredService<AuditQuery>().ListAsync(workspaceId.Value, new AuditFilter(Action: parse.GetValue(ListAction)), null, limit, cancellationToken);
        foreach (var entry in page.Entries)
        {
            Console.WriteLine(parse.GetValue(CommonOptions.Json)
                ? JsonSerializer.Serialize(new { seq = entry.Seq, time = entry.Time, actor = new { kind = AuditNames.Of(entry.Actor.Kind), id = entry.Actor.Id }, action = entry.Action, target = new { type = entry.TargetType, id = entry.TargetId }, outcome = AuditNames.Of(entry.Outcome), source_ip = entry.SourceIp, details = entry.Details })
                : $"{entry.Seq,6}  {entry.Time:yyyy-MM-dd HH:mm:ss}  {entry.Action,-24} {AuditNames.Of(entry.Outcome),-8} {AuditNames.Of(entry.Actor.Kind)}:{entry.Actor.Id}  {entry.TargetType}:{entry.TargetId}  {entry.SourceIp}");
        }

        return 0;
    }

    private static async Task<int> VerifyAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var services = host.Services;
        long? workspaceId = null;
        if (parse.GetValue(Workspace) is { } publicId)
        {
            workspaceId = publicId == InstanceName ? 0 : await CliHost.FindWorkspaceAsync(host, publicId, cancellationToken);
            if (workspaceId is null)
            {
                return 2;
            }
        }

        var headsPath = parse.GetValue(Heads) ?? DefaultHeadsPath(services);
        HeadsFile? heads = null;
        if (File.Exists(headsPath))
        {
            try
            {
                heads = await HeadsFile.ReadAsync(headsPath, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                await Console.Error.WriteLineAsync("waymark: " + exception.Message);
                return 2;
            }
        }
        else if (parse.GetValue(Heads) is not null)
        {
            await Console.Error.WriteLineAsync($"waymark: the heads file {headsPath} does not exist.");
            return 2;
        }

        var verifier = services.GetRequiredService<AuditChainVerifier>();
        using var progress = await ProgressBar.StartAsync(verifier, workspaceId, cancellationToken);
        var result = await verifier.VerifyAsync(workspaceId, heads, progress.Report, cancellationToken);
        progress.Finish();
        if (result.Break is { } broken)
        {
            var names = await NamesAsync(services, [broken.WorkspaceId], cancellationToken);
            await Console.Error.WriteLineAsync($"waymark: the audit log is broken: workspace {Describe(broken.WorkspaceId, names)}, seq {broken.Seq}: the entry {broken.Problem}.");
            await Console.Error.WriteLineAsync($"Checked {result.Entries} entries before it. Compare with a backup to see what changed; 'waymark audit export-head' will not overwrite the last heads file while this lasts.");
            return 1;
        }

        Console.WriteLine($"Audit log intact: {result.Chains} chains, {result.Entries} entries verified.");
        Console.WriteLine(heads is null
            ? "No heads file: entries removed from the end of a chain cannot be detected. Run 'waymark audit export-head' regularly and keep copies away from this server."
            : $"Every chain reaches the heads exported at {heads.ExportedAtText} ({headsPath}).");
        return 0;
    }

    private static async Task<int> ExportHeadAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var services = host.Services;
        var verifier = services.GetRequiredService<AuditChainVerifier>();
        var path = DefaultHeadsPath(services);
        if (File.Exists(path))
        {
            // The previous export is the only evidence of a truncated chain: never replace it with the truncated state.
            HeadsFile previous;
            try
            {
                previous = await HeadsFile.ReadAsync(path, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                await Console.Error.WriteLineAsync($"waymark: {exception.Message} Move it aside to export anew.");
                return 1;
            }

            if (await verifier.FindDivergenceAsync(previous, cancellationToken) is { } broken)
            {
                var brokenNames = await NamesAsync(services, [broken.WorkspaceId], cancellationToken);
                await Console.Error.WriteLineAsync($"waymark: the audit log no longer extends {path}: workspace {Describe(broken.WorkspaceId, brokenNames)}, seq {broken.Seq}: the entry {broken.Problem}.");
                await Console.Error.WriteLineAsync("Not overwriting it. Run 'waymark audit verify' and investigate.");
                return 1;
            }
        }

        var current = await verifier.ReadHeadsAsync(cancellationToken);
        var names = await NamesAsync(services, current.Select(h => h.WorkspaceId).ToList(), cancellationToken);
        var file = new HeadsFile(
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            current.Select(h => new ExportedHead(h.WorkspaceId == 0 ? InstanceName : names.GetValueOrDefault(h.WorkspaceId, "?"), h.WorkspaceId, h.Head.Seq, Convert.ToHexStringLower(h.Head.Hash))).ToList());
        await file.WriteAsync(path, cancellationToken);
        Console.WriteLine($"Exported the heads of {file.Heads.Count} chains to {path}");
        if (parse.GetValue(Out) is { } outPath && Path.GetFullPath(outPath) != path)
        {
            await file.WriteAsync(outPath, cancellationToken);
            Console.WriteLine($"and to {Path.GetFullPath(outPath)}");
        }

        Console.WriteLine("Keep copies away from this server: 'waymark audit verify --heads FILE' then detects entries removed since.");
        return 0;
    }

    private static string DefaultHeadsPath(IServiceProvider services) =>
        Path.Combine(services.GetRequiredService<WaymarkDatabase>().DataDirectory, HeadsFile.DefaultFileName);

    private static async Task<IReadOnlyDictionary<long, string>> NamesAsync(IServiceProvider services, IReadOnlyCollection<long> workspaceIds, CancellationToken cancellationToken)
    {
        var names = await services.GetRequiredService<WorkspaceService>().NamesAsync(workspaceIds, cancellationToken);
        return names.ToDictionary(n => n.Key, n => n.Value.PublicId);
    }

    private static string Describe(long workspaceId, IReadOnlyDictionary<long, string> names) =>
        workspaceId == 0 ? InstanceName
        : names.TryGetValue(workspaceId, out var publicId) ? $"{publicId} (id {workspaceId.ToString(CultureInfo.InvariantCulture)})"
        : $"id {workspaceId.ToString(CultureInfo.InvariantCulture)} (no such workspace)";

    /// <summary>A textual progress bar on stderr, shown only to a person watching a terminal and only when the log is big.</summary>
    private sealed class ProgressBar : IDisposable
    {
        private const int Width = 40;
        private readonly long _total;
        private int _shownPercent = -1;

        private ProgressBar(long total) => _total = total;

        public static async Task<ProgressBar> StartAsync(AuditChainVerifier verifier, long? workspaceId, CancellationToken cancellationToken) =>
            new(Console.IsErrorRedirected ? 0 : await verifier.CountEntriesAsync(workspaceId, cancellationToken));

        private bool Visible => _total >= ProgressThreshold;

        public void Report(long done)
        {
            if (!Visible)
            {
                return;
            }

            var percent = (int)Math.Min(100, done * 100 / _total);
            if (percent == _shownPercent)
            {
                return;
            }

            _shownPercent = percent;
            var filled = percent * Width / 100;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rVerifying [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {done:N0}/{_total:N0}"));
        }

        public void Finish()
        {
            if (Visible && _shownPercent >= 0)
            {
                Console.Error.WriteLine();
                _shownPercent = -1;
            }
        }

        public void Dispose() => Finish();
    }
}
