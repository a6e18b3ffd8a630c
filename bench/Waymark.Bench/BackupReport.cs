using System.Globalization;

namespace Waymark.Bench;

/// <summary>The markdown tables <c>waymark-bench backup</c> prints: every step as a range over the runs, then where the whole backup, verification and restore spent their time.</summary>
internal static class BackupReport
{
    public static void Print(Target target, long size, long rows, List<IReadOnlyList<Measurement>> runs)
    {
        var mib = size / 1048576.0;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{target.Provider} database of {mib:N0} MiB ({size:N0} bytes, {rows:N0} events), {runs.Count} run(s); MiB/s = database size / wall time; ranges are min–max over the runs; \"× copy\" is the step's time over the plain copy's (cp + fsync) in the same run."));
        Console.WriteLine();
        Console.WriteLine("| Step | Wall time (s) | MiB/s | × copy | CPU (s) | Peak scratch (MiB) | Written to disk (MiB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var step in Steps.Order.Where(s => runs.All(r => r.Any(m => m.Step == s))))
        {
            var all = runs.Select(r => (Step: r.Single(m => m.Step == step), Copy: r.Single(m => m.Step == Steps.PlainCopy))).ToList();
            var seconds = all.Select(a => a.Step.Seconds).ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {Steps.Label(step, target.IsSqlite)} | {Range(seconds, "F2")} | {Range(seconds.Select(s => mib / s).ToList(), "F0")} | {Range(all.Select(a => a.Step.Seconds / a.Copy.Seconds).ToList(), "F1")} | {Range(all.Select(a => a.Step.CpuSeconds).ToList(), "F1")} | {Range(all.Select(a => a.Step.PeakScratchBytes / 1048576.0).ToList(), "F0")} | {Range(all.Select(a => a.Step.DiskWrittenBytes / 1048576.0).ToList(), "F0")} |"));
        }

        foreach (var step in new[] { Steps.Backup, Steps.Verify, Steps.Restore })
        {
            Console.WriteLine();
            Console.WriteLine($"{Steps.Label(step, target.IsSqlite)}, by the phases it reports:");
            Console.WriteLine();
            Console.WriteLine("| Phase | Wall time (s) |");
            Console.WriteLine("|---|---|");
            var phases = runs.Select(r => r.Single(m => m.Step == step).Phases).ToList();
            foreach (var phase in phases[0].Select(p => p.Phase).Distinct())
            {
                var seconds = phases.Select(p => p.Where(x => x.Phase == phase).Sum(x => x.Seconds)).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase} | {Range(seconds, "F2")} |"));
            }
        }

    }

    private static string Range(List<double> values, string format)
    {
        var low = values.Min().ToString(format, CultureInfo.InvariantCulture);
        var high = values.Max().ToString(format, CultureInfo.InvariantCulture);
        return low == high ? low : $"{low}–{high}";
    }
}
