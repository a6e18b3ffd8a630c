namespace Waymark.Backups.Snapshots;

/// <summary>A consistent copy of the database in a scratch file, with the facts read inside the same snapshot.</summary>
internal sealed record DatabaseSnapshot(string Provider, string File, string EntryName, SnapshotFacts Facts)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string EntryNameOf(string provider) => provider == Sqlite ? "database.sqlite" : "database.pgdump";
}
