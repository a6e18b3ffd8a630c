using System.Diagnostics;

namespace Waymark.Bench;

/// <summary>The stock <c>age</c> command (Debian's package), as a reference for the speed of Waymark's own age encryption.</summary>
internal static class AgeCli
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "age"))
            .FirstOrDefault(File.Exists);

    /// <summary><c>age -r RECIPIENT -o OUTPUT INPUT</c>, then one fsync of the output, as Waymark syncs its archive.</summary>
    public static async Task EncryptAsync(string age, string recipient, string input, string output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(age) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-r", recipient, "-o", output, input })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start age.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("age failed: " + await errors);
        }

        using var file = new FileStream(output, FileMode.Open, FileAccess.ReadWrite);
        file.Flush(flushToDisk: true);
    }
}
