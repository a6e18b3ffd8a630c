namespace Waymark.Hosting;

/// <summary>Which parts of Waymark one process runs. <see cref="All"/> is the single-process default.</summary>
[Flags]
public enum Role
{
    Ingest = 1,
    App = 2,
    Worker = 4,
    All = Ingest | App | Worker,
}
