using System.CommandLine;

namespace Waymark.Cli;

/// <summary>Options every command that touches data shares.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Data = new("--data") { Description = "Data directory (embedded SQLite database and master key). Default: ./data" };

    public static readonly Option<string?> Database = new("--database") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...). Default: embedded SQLite in the data directory" };

    public static readonly Option<bool> Json = new("--json") { Description = "Print machine-readable JSON" };
}
