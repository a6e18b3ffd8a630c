namespace Waymark.Accounts.Sessions;

/// <summary>
/// "Firefox on Windows" from a User-Agent header, for the session list. Written by hand: the list only needs the
/// browser family and the operating system so a person recognises their devices, and a User-Agent database package
/// (UAParser and the like) would ship thousands of rules and need updates for that. The header is the client's
/// claim, so the result is a hint, never something to decide on.
/// </summary>
internal static class DeviceNames
{
    public const string Unknown = "Unknown device";

    /// <summary>Checked in order: browsers built on Chromium also say "Chrome", and Chrome also says "Safari".</summary>
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Version/", "Safari"),
    ];

    /// <summary>Checked in order: Android and ChromeOS also say "Linux", iPhones also say "Mac OS X".</summary>
    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Macintosh", "macOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];

    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }

        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            ({ } b, { } s) => $"{b} on {s}",
            ({ } b, null) => b,
            (null, { } s) => $"Browser on {s}",
            _ => Tool(userAgent) ?? Unknown,
        };
    }

    private static string? Find((string Token, string Name)[] table, string userAgent) =>
        table.FirstOrDefault(entry => userAgent.Contains(entry.Token, StringComparison.Ordinal)).Name;

    /// <summary>A script or command-line client ("curl/8.5.0") names itself in its first product token.</summary>
    private static string? Tool(string userAgent)
    {
        var product = userAgent.Split([' ', '/'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return product is { Length: > 0 and <= 40 } && product.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? product : null;
    }
}
