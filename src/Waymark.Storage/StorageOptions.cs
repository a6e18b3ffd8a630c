namespace Waymark.Storage;

/// <summary>Where Waymark keeps its data; bound from the <c>Waymark</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Waymark";

    /// <summary>Folder for the embedded database and the master key file.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=...;</c>) switches to PostgreSQL; empty means SQLite inside <see cref="DataDirectory"/>.
    /// </summary>
    public string? Database { get; set; }
}
