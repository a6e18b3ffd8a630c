using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Waymark.Backups.Snapshots;

/// <summary>
/// Runs PostgreSQL's own <c>pg_dump</c> and <c>pg_restore</c>: the custom format is the one every PostgreSQL operator
/// knows how to restore by hand. Connection settings go to the tools as libpq environment variables, so the password
/// never appears on a command line.
/// </summary>
internal sealed class PostgresTools(IOptions<BackupOptions> options)
{
    public Task DumpAsync(string connectionString, string snapshot, string file, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--compress=0", "--no-owner", "--no-privileges", "--snapshot=" + snapshot, "--file=" + file], cancellationToken);

    /// <summary>Restores a dump into an empty database in one transaction: it lands whole or not at all.</summary>
    public Task RestoreAsync(string connectionString, string file, CancellationToken cancellationToken) =>
        RunAsync("pg_restore", connectionString, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + DatabaseOf(connectionString), file], cancellationToken);

    private static string DatabaseOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database ?? throw new BackupException("The PostgreSQL connection string names no database (Database=…).");

    private async Task RunAsync(string tool, string connectionString, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(connectionString))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new BackupException($"Could not start {tool}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output;
        if (process.ExitCode != 0)
        {
            var message = (await errors).Trim();
            throw new BackupException($"{tool} failed (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {(message.Length > 2000 ? message[..2000] : message)}");
        }
    }

    /// <summary>libpq's variables for an Npgsql connection string; a list of hosts becomes libpq's comma lists, following the primary.</summary>
    private static Dictionary<string, string> Environment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var hosts = new List<string>();
        var ports = new List<string>();
        foreach (var entry in (builder.Host ?? "localhost").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var hasPort = colon > 0 && !entry.EndsWith(']') && int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            hosts.Add(hasPort ? entry[..colon] : entry);
            ports.Add(hasPort ? entry[(colon + 1)..] : builder.Port.ToString(CultureInfo.InvariantCulture));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGHOST"] = string.Join(',', hosts),
            ["PGPORT"] = string.Join(',', ports),
            ["PGDATABASE"] = builder.Database ?? "",
            ["PGUSER"] = builder.Username ?? System.Environment.UserName,
            ["PGCONNECT_TIMEOUT"] = Math.Max(builder.Timeout, 2).ToString(CultureInfo.InvariantCulture),
            ["PGSSLMODE"] = builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
        };
        if (hosts.Count > 1)
        {
            environment["PGTARGETSESSIONATTRS"] = "read-write";
        }

        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }

        return environment;
    }

    private string Locate(string tool)
    {
        if (options.Value.PostgresBinDirectory is { Length: > 0 } configured)
        {
            var path = Path.Combine(configured, tool);
            return File.Exists(path)
                ? path
                : throw new BackupException($"{tool} is not in {configured} (Waymark:Backups:PostgresBinDirectory). Point it at the PostgreSQL client binaries of the server's major version or newer.");
        }

        const string Debian = "/usr/lib/postgresql";
        if (Directory.Exists(Debian))
        {
            var newest = Directory.EnumerateDirectories(Debian)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Directory, "bin", tool)))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin", tool))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return tool;
    }
}
