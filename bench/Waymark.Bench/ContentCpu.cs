using System.Globalization;

namespace Waymark.Bench;

/// <summary>
/// CPU time of the server (and of a PostgreSQL postmaster with its backends) from <c>/proc</c>, read around the
/// measured window only, so that seeding and warm-up do not count.
/// </summary>
internal static class ContentCpu
{
    /// <summary>utime + stime + cutime + cstime of one process, in clock ticks; 0 when unknown.</summary>
    public static long Ticks(int? pid)
    {
        if (pid is not { } p || !File.Exists($"/proc/{p}/stat"))
        {
            return 0;
        }

        var fields = Fields(File.ReadAllText($"/proc/{p}/stat"));
        return fields.Length > 14 ? fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) : 0;
    }

    /// <summary>The process and its direct children (a postmaster's backends).</summary>
    public static long TreeTicks(int? pid)
    {
        if (pid is not { } root)
        {
            return 0;
        }

        var total = Ticks(root);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                var fields = Fields(File.ReadAllText(Path.Combine(directory, "stat")));
                if (fields.Length > 14 && fields[1] == root.ToString(CultureInfo.InvariantCulture))
                {
                    total += fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }

        return total;
    }

    /// <summary>Percent of one core over <paramref name="seconds"/>.</summary>
    public static double Share(long ticks, int clockTicks, double seconds) => seconds > 0 ? 100.0 * ticks / clockTicks / seconds : 0;

    /// <summary>The fields after the command name, which is in parentheses and may hold spaces: [0] is the state, [1] the parent.</summary>
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
