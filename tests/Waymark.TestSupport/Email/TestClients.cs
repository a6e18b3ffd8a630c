namespace Waymark.TestSupport.Email;

/// <summary>
/// Where the Node test tools live (<c>tests/clients</c>, installed by <c>npm ci</c> in <c>scripts/test.sh</c>) and the
/// <c>node</c> that runs them.
/// </summary>
internal static class TestClients
{
    private static readonly Lazy<string> LazyDirectory = new(FindDirectory);
    private static readonly Lazy<string> LazyNode = new(FindNode);

    /// <summary>The <c>tests/clients</c> folder of the repository these tests were built from.</summary>
    public static string Directory => LazyDirectory.Value;

    /// <summary>The full path of <c>node</c> on PATH.</summary>
    public static string Node => LazyNode.Value;

    /// <summary>Throws a message saying how to install the clients when <paramref name="package"/> is missing.</summary>
    public static void RequirePackage(string package)
    {
        var path = Path.Combine([Directory, "node_modules", .. package.Split('/')]);
        if (!System.IO.Directory.Exists(path))
        {
            throw new InvalidOperationException(
                $"The npm package {package} is not installed in {Directory}: run `bash scripts/test.sh` (it runs `npm ci` there) " +
                "or `npm ci` in tests/clients.");
        }
    }

    private static string FindDirectory()
    {
        // WAYMARK_REPO_ROOT serves test assemblies run from outside the work tree, as EndToEndEnvironment does.
        var configured = Environment.GetEnvironmentVariable("WAYMARK_REPO_ROOT");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "Waymark.slnx")))
        {
            return Path.Combine(configured, "tests", "clients");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Waymark.slnx")))
            {
                return Path.Combine(directory.FullName, "tests", "clients");
            }
        }

        throw new InvalidOperationException($"No Waymark.slnx above {AppContext.BaseDirectory}; set WAYMARK_REPO_ROOT.");
    }

    private static string FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"node is not on PATH ({path}): install Node.js (Debian package nodejs; scripts/test.sh does it).");
    }
}
