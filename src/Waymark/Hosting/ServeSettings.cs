namespace Waymark.Hosting;

/// <summary>What <c>waymark serve</c> was asked for; command-line values win over configuration files and the environment.</summary>
public sealed record ServeSettings
{
    public string? DataDirectory { get; init; }

    public string? Database { get; init; }

    public string? Urls { get; init; }

    public Role Role { get; init; } = Role.All;

    /// <summary>Extra services, added last (tests add a log capture this way).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Extra configuration (tests use it for tuning knobs).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();
}
