using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;

namespace Waymark.Accounts.Passwords;

/// <summary>
/// The most common leaked passwords (see <c>SOURCE.md</c> beside this file), for refusing them as new passwords.
/// Matching ignores case: a list entry also stands for its capitalised and upper-case variants, which are no harder
/// to guess.
/// </summary>
internal sealed class CommonPasswordList
{
    private const string ResourceName = "Waymark.Accounts.common-passwords.txt.gz";

    // Shared by all instances: Identity creates password validators per scope, and the list (about 50,000 entries)
    // should be decompressed once per process, and only when a password is first checked.
    private static readonly Lazy<FrozenSet<string>> SharedPasswords = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<FrozenSet<string>> _passwords = SharedPasswords;

    /// <summary>How many distinct passwords the list holds.</summary>
    public int Count => _passwords.Value.Count;

    /// <summary>Whether <paramref name="password"/>, ignoring case, is on the list.</summary>
    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _passwords.Value.Contains(password.ToLowerInvariant());
    }

    private static FrozenSet<string> Load()
    {
        using var resource = typeof(CommonPasswordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(CommonPasswordList).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var passwords = new List<string>(capacity: 50_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                // The file is lower-cased already; doing it again keeps lookups right if it is ever regenerated otherwise.
                passwords.Add(line.ToLowerInvariant());
            }
        }

        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
