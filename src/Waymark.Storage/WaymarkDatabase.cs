using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Waymark.Storage;

/// <summary>
/// The one place that knows which database is in use and how to open a connection to it,
/// for EF Core contexts and for the hand-tuned hot paths alike.
/// </summary>
public sealed class WaymarkDatabase : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _sqliteConnectionString = "";

    public WaymarkDatabase(IOptions<StorageOptions> options)
    {
        var value = options.Value;
        DataDirectory = Path.GetFullPath(value.DataDirectory);
        if (!string.IsNullOrWhiteSpace(value.Database))
        {
            Provider = DatabaseProvider.Postgres;
            var connectionString = new NpgsqlConnectionStringBuilder(value.Database);
            if (connectionString.MaxAutoPrepare == 0)
            {
                // The ingest writer and the profile merge repeat a handful of statements thousands of times a second:
                // prepared once per connection, PostgreSQL skips parsing and planning them.
                connectionString.MaxAutoPrepare = 64;
            }

            _postgres = NpgsqlDataSource.Create(connectionString.ConnectionString);
        }
        else
        {
            Provider = DatabaseProvider.Sqlite;
            Directory.CreateDirectory(DataDirectory);
            SqliteFile = Path.Combine(DataDirectory, "waymark.db");
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = SqliteFile,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public DatabaseProvider Provider { get; }

    public string DataDirectory { get; }

    /// <summary>The embedded database file; null on PostgreSQL.</summary>
    public string? SqliteFile { get; }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        await SqliteTuning.ApplyAsync(connection, cancellationToken);
        return connection;
    }

    /// <summary>Options for a feature's EF Core context, each feature keeping its own migrations history table.</summary>
    public DbContextOptions<TContext> ContextOptions<TContext>(string historyTable)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        if (_postgres is not null)
        {
            builder.UseNpgsql(_postgres, o => o.MigrationsHistoryTable(historyTable));
        }
        else
        {
            builder.UseSqlite(_sqliteConnectionString, o => o.MigrationsHistoryTable(historyTable))
                .AddInterceptors(SqliteTuning.Interceptor);
        }

        return builder.Options;
    }

    /// <summary>Runs one statement (or several, separated by semicolons) that returns nothing, on a connection of its own.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Closes every idle pooled connection, after the database was replaced underneath (a restore): pooled connections
    /// would keep the old SQLite file open, and PostgreSQL statements prepared on them would still name the old tables.
    /// </summary>
    public void ClearPool()
    {
        if (_postgres is not null)
        {
            _postgres.Clear();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }

    public void Dispose() => _postgres?.Dispose();
}
