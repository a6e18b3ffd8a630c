using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Waymark.Bench;

/// <summary>What the PostgreSQL side of the backup benchmark does outside Waymark: the plain <c>pg_dump</c> baseline and scratch databases.</summary>
internal static class PostgresCommands
{
    /// <summary>The dump Waymark's snapshot makes (custom format, uncompressed), without a shared snapshot: the plain copy a PostgreSQL operator would make.</summary>
    public static async Task DumpAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Locate("pg_dump")) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--format=custom", "--compress=0", "--no-owner", "--no-privileges", "--file=" + file })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGUSER"] = builder.Username;
        if (!string.IsNullOrEmpty(builder.Password))
        {
            start.Environment["PGPASSWORD"] = builder.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pg_dump.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump failed: {await errors}");
        }
    }

    /// <summary>Creates an empty database beside the one measured; answers its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string connectionString, string name, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
        await ExecuteAsync(connectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString, string name, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(connectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest client under Debian's /usr/lib/postgresql, as Waymark picks it, else PATH.</summary>
    private static string Locate(string tool)
    {
        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.EnumerateDirectories(Debian)
                .Select(d => Path.Combine(d, "bin", tool))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
                .FirstOrDefault() ?? tool
            : tool;
    }
}
