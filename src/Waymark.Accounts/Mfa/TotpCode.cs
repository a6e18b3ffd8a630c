using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// RFC 6238 time-based codes: the time step of an instant, the code of a step, and which step of the verification
/// window (one step either side, for clocks a little off) a submitted code belongs to.
/// </summary>
internal static class TotpCode
{
    public const int StepSeconds = 30;

    public const int Digits = 6;

    /// <summary>How many steps before and after the current one a code may come from.</summary>
    public const int WindowSteps = 1;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Compute(byte[] secret, long step, OtpHashMode mode = OtpHashMode.Sha1, int digits = Digits) =>
        new Hotp(secret, mode, digits).ComputeHOTP(step);

    /// <summary>
    /// The step of the window whose code is <paramref name="code"/>, considering only steps after
    /// <paramref name="lastAcceptedStep"/> so that a code is good once; null when none matches.
    /// </summary>
    public static long? Match(byte[] secret, string code, long currentStep, long lastAcceptedStep)
    {
        var submitted = Encoding.ASCII.GetBytes(code);
        long? matched = null;
        for (var step = currentStep - WindowSteps; step <= currentStep + WindowSteps; step++)
        {
            // Every step of the window is computed and compared, so the time taken does not tell which one matched.
            var expected = Encoding.ASCII.GetBytes(Compute(secret, step));
            if (CryptographicOperations.FixedTimeEquals(expected, submitted) && step > lastAcceptedStep && matched is null)
            {
                matched = step;
            }
        }

        return matched;
    }

    /// <summary>The digits of a code as people type it (spaces or a hyphen in the middle are fine); null if it is not a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var digits = new string(typed.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
