using System.Diagnostics;
using System.Globalization;

namespace Waymark.TestSupport.Mfa;

/// <summary>
/// Codes from Debian's <c>oathtool</c> (installed by scripts/test.sh): an implementation of RFC 6238 independent of
/// Waymark's, as a person's authenticator app would be.
/// </summary>
public static class Oathtool
{
    public const int StepSeconds = 30;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The RFC 6238 time step of <paramref name="time"/>.</summary>
    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The 6-digit SHA-1 code for a Base32 key (spaces allowed) at <paramref name="at"/>.</summary>
    public static Task<string> TotpAsync(string base32Key, DateTimeOffset at) =>
        RunAsync("--totp=sha1", "--base32", "--digits=6", Now(at), base32Key.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>A code for a hex key, any algorithm and length, as RFC 6238's test vectors are given.</summary>
    public static Task<string> TotpHexAsync(string hexKey, string algorithm, int digits, DateTimeOffset at) =>
        RunAsync($"--totp={algorithm}", $"--digits={digits.ToString(CultureInfo.InvariantCulture)}", Now(at), hexKey);

    /// <summary>
    /// A code of a step after <paramref name="usedStep"/>, the step of a code already accepted: the current step when
    /// time has moved on, else the next one, which the server accepts as clock drift (one step either side). No waiting.
    /// </summary>
    public static Task<string> FreshTotpAsync(string base32Key, long usedStep)
    {
        var now = TimeProvider.System.GetUtcNow();
        var at = StepOf(now) > usedStep ? now : DateTimeOffset.FromUnixTimeSeconds((usedStep + 1) * StepSeconds);
        return TotpAsync(base32Key, at);
    }

    private static string Now(DateTimeOffset at) => "--now=" + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo("oathtool")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start oathtool; scripts/test.sh installs it.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"oathtool {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}");
        }

        return (await stdout).Trim();
    }
}
