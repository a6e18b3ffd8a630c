using System.Collections;

namespace Waymark.Hosting;

/// <summary>
/// Configuration layering: appsettings.json, then <c>WAYMARK_*</c> environment variables, then command-line options.
/// The environment provider's prefix support keeps keys at the root; Waymark's settings live under <c>Waymark:</c>,
/// so <c>WAYMARK_DATABASE</c> is mapped to <c>Waymark:Database</c> here (and <c>WAYMARK_INGEST__QUEUECAPACITY</c>
/// to <c>Waymark:Ingest:QueueCapacity</c>).
/// </summary>
internal static class WaymarkConfiguration
{
    private const string Prefix = "WAYMARK_";

    public static void Apply(IConfigurationManager configuration, string? dataDirectory, string? database, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && key.Length > Prefix.Length)
            {
                environment["Waymark:" + key[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
            }
        }

        configuration.AddInMemoryCollection(environment);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (dataDirectory is not null)
        {
            overrides["Waymark:DataDirectory"] = dataDirectory;
        }

        if (database is not null)
        {
            overrides["Waymark:Database"] = database;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        configuration.AddInMemoryCollection(overrides);
    }
}
