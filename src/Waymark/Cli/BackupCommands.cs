using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Waymark.Backups;
using Waymark.Backups.Age;
using Waymark.Backups.Encryption;
using Waymark.Backups.Locations;
using Waymark.Backups.Restoring;
using Waymark.Backups.Running;
using Waymark.Backups.Verification;
using Waymark.Jobs;

namespace Waymark.Cli;

/// <summary><c>waymark backup [--to L]</c>, <c>backup list|verify|keygen</c> and <c>waymark restore</c>.</summary>
internal static class BackupCommands
{
    private static readonly Option<string?> To = new("--to") { Description = "Store this backup at one configured location only. Default: every location" };

    private static readonly Option<string?> From = new("--from") { Description = "Read from this configured location only. Default: every location (verify), the first that has the backup (restore)" };

    private static readonly Option<FileInfo?> Identity = new("--identity") { Description = "The age identity file that decrypts backups (from 'waymark backup keygen' or age-keygen). Default for verify: Waymark:Backups:IdentityFile" };

    private static readonly Argument<string?> VerifyBackup = new("backup") { Description = "The backup id (wmb_...). Default: the newest at each location", Arity = ArgumentArity.ZeroOrOne };

    private static readonly Argument<string> RestoreBackup = new("backup") { Description = "A backup id (wmb_..., looked up at the configured locations) or the path of a backup file" };

    private static readonly Option<bool> Force = new("--force") { Description = "Replace a database that already holds data (stop every Waymark process using it first); the old one is kept aside" };

    private static readonly Option<FileInfo> Out = new("--out") { Description = "Where to write the new identity file (created 0600; refused if it exists)", Required = true };

    public static IEnumerable<Command> Create()
    {
        var list = new Command("list", "List the backups at each location, newest first, and the last runs") { From, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(Guarded(ListAsync));
        var verify = new Command("verify", "Download, decrypt and restore backups into a scratch database, and compare them with their manifests")
        {
            VerifyBackup, From, Identity, CommonOptions.Data, CommonOptions.Database,
        };
        verify.SetAction(Guarded(VerifyAsync));
        var keygen = new Command("keygen", "Create an age key pair for backups: writes the identity file and prints the public key for Waymark:Backups:Recipients") { Out };
        keygen.SetAction(Guarded(KeygenAsync));
        var backup = new Command("backup", "Back up now: a consistent snapshot, encrypted with age to the configured recipients, stored at every configured location")
        {
            To, CommonOptions.Data, CommonOptions.Database, list, verify, keygen,
        };
        backup.SetAction(Guarded(BackUpAsync));

        var restore = new Command("restore", "Restore a backup into the database given by --data or --database, then replay the deletion ledger")
        {
            RestoreBackup, Identity, From, Force, CommonOptions.Data, CommonOptions.Database,
        };
        restore.SetAction(Guarded(RestoreAsync));
        return [backup, restore];
    }

    private static async Task<int> BackUpAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var runner = host.Services.GetRequiredService<BackupRunner>();
        var outcome = await WithProgressAsync("Backing up", progress => runner.BackUpAsync(BackupStates.Cli, parse.GetValue(To), progress, cancellationToken));
        foreach (var copy in outcome.Copies)
        {
            Console.WriteLine(copy.Error is null ? $"  stored at {copy.Location}" : $"  NOT stored at {copy.Location}: {copy.Error}");
        }

        if (outcome.Error is not null && outcome.Copies.Count == 0)
        {
            await Console.Error.WriteLineAsync($"waymark: backup {outcome.BackupId} failed: {outcome.Error}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Backup {outcome.BackupId} {outcome.State}: {outcome.TotalRows:N0} rows, {ByteSize.Format(outcome.Size)} encrypted, SHA-256 {outcome.Sha256}."));
        return outcome.State == BackupStates.Succeeded ? 0 : 1;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var exit = 0;
        foreach (var location in host.Services.GetRequiredService<BackupLocations>().Select(parse.GetValue(From)))
        {
            Console.WriteLine($"{location.Name} ({location.Describe()}):");
            try
            {
                var backups = await BackupCatalog.ListAsync(location, cancellationToken);
                foreach (var b in backups)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {b.Id}\t{b.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\t{ByteSize.Format(b.Size),10}\t{b.Provider}\t{b.WaymarkVersion}"));
                }

                if (backups.Count == 0)
                {
                    Console.WriteLine("  (no backups yet: run 'waymark backup')");
                }
            }
            catch (BackupLocationException e)
            {
                Console.WriteLine($"  cannot be read: {e.Message}");
                exit = 1;
            }
        }

        return exit;
    }

    private static async Task<int> VerifyAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var identityFile = parse.GetValue(Identity)?.FullName ?? host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BackupOptions>>().Value.IdentityFile;
        IReadOnlyList<AgeIdentity>? identities = null;
        if (identityFile is { Length: > 0 })
        {
            identities = await BackupIdentities.ReadAsync(identityFile, cancellationToken);
        }
        else
        {
            await Console.Error.WriteLineAsync("waymark: no identity given (--identity), so copies are only checked against their hashes, not restored.");
        }

        var verifier = host.Services.GetRequiredService<BackupVerifier>();
        var outcomes = await WithProgressAsync("Verifying", progress => verifier.VerifyAsync(parse.GetValue(VerifyBackup), parse.GetValue(From), identities, progress, cancellationToken));
        foreach (var o in outcomes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.BackupId} at {o.Location}: {o.Outcome} in {o.Duration.TotalSeconds:F1} s. {o.Detail}"));
        }

        return outcomes.Any(o => o.Failed) ? 1 : 0;
    }

    private static async Task<int> KeygenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(Out)!;
        var identity = AgeIdentity.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using var stream = new FileStream(file.FullName, options);
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"# created: {TimeProvider.System.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}\n# public key: {identity.Recipient}\n{identity.ToSecretKeyString()}\n"));
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"waymark: could not write {file.FullName}: {e.Message} (an existing identity file is never overwritten).");
            return 1;
        }

        await Console.Error.WriteLineAsync($"Wrote the identity to {file.FullName}. Keep it offline and away from the backup locations: it is the only way to decrypt the backups.");
        Console.WriteLine(identity.Recipient.ToString());
        return 0;
    }

    private static async Task<int> RestoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Identity) is not { } identityFile)
        {
            await Console.Error.WriteLineAsync("waymark: give the identity file that decrypts the backup with --identity FILE.");
            return 2;
        }

        RestoreOutcome outcome;
        using (var host = await CliHost.StartAsync(parse, migrateEmbedded: false, cancellationToken, loadMasterKey: false, start: false))
        {
            var identities = await BackupIdentities.ReadAsync(identityFile.FullName, cancellationToken);
            var request = new RestoreRequest(parse.GetValue(RestoreBackup)!, parse.GetValue(From), identities, parse.GetValue(Force));
            var restore = host.Services.GetRequiredService<BackupRestore>();
            outcome = await WithProgressAsync("Restoring", progress => restore.RestoreAsync(request, () => host.StartAsync(cancellationToken), progress, cancellationToken));
            await host.StopAsync(CancellationToken.None);
        }

        foreach (var warning in outcome.Warnings)
        {
            await Console.Error.WriteLineAsync("warning: " + warning);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Restored backup {outcome.BackupId} of {outcome.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {outcome.TotalRows:N0} rows, {outcome.AuditChains} audit chains matching the manifest."));
        if (outcome.PreviousKeptAs is not null)
        {
            Console.WriteLine($"The database it replaced is kept as {outcome.PreviousKeptAs}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Deletion ledger replayed from {outcome.LedgerSources.Count} source(s): {outcome.Replayed} subject(s) deleted again, {outcome.Skipped} entr(ies) for workspaces not in this backup."));
        if (outcome.PurgeJobs.Count > 0)
        {
            using var host = await CliHost.StartAsync(parse, migrateEmbedded: false, cancellationToken, runJobs: true);
            var jobs = host.Services.GetRequiredService<JobQuery>();
            foreach (var job in outcome.PurgeJobs)
            {
                while ((await jobs.FindAsync(job.WorkspaceId, job.JobId, cancellationToken)) is { } view && JobStatuses.IsUnfinished(view.Status))
                {
                    await Task.Delay(200, cancellationToken);
                }
            }

            Console.WriteLine($"Purged their rows ({outcome.PurgeJobs.Count} job(s)); their keys were destroyed before that.");
        }

        return 0;
    }

    /// <summary>A refusal or failure becomes one line on stderr saying what to do, and exit code 1, not a stack trace.</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> action) => async (parse, cancellationToken) =>
    {
        try
        {
            return await action(parse, cancellationToken);
        }
        catch (Exception e) when (e is BackupException or BackupLocationException or AgeException)
        {
            await Console.Error.WriteLineAsync("waymark: " + e.Message);
            return 1;
        }
    };

    /// <summary>Runs <paramref name="work"/> under a progress bar whose label follows the phase reported (plain lines when the output is not a terminal).</summary>
    private static async Task<T> WithProgressAsync<T>(string title, Func<IProgress<BackupProgress>, Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(title, maxValue: 1);
                var progress = new Progress<BackupProgress>(p =>
                {
                    bar.Description = $"{title}: {p.Phase}";
                    if (p.Total > 0)
                    {
                        bar.MaxValue = p.Total;
                        bar.Value = Math.Min(p.Done, p.Total);
                    }
                    else
                    {
                        bar.IsIndeterminate = true;
                    }
                });
                result = await work(progress);
                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
            });
        return result;
    }
}
