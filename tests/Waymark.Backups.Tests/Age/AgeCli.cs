using System.Diagnostics;

namespace Waymark.Backups.Tests.Age;

/// <summary>Runs the stock Debian <c>age</c> and <c>age-keygen</c> tools (installed by scripts/test.sh).</summary>
internal static class AgeCli
{
    /// <summary>Runs <paramref name="program"/>, asserts it succeeded, and returns what it wrote to standard output.</summary>
    public static async Task<byte[]> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{program} did not start; install the Debian package \"age\".");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return output.ToArray();
    }

    /// <summary>Makes an identity file with <c>age-keygen -o</c> and returns the recipient it holds.</summary>
    public static async Task<AgeRecipientFile> KeygenAsync(string identityPath)
    {
        await RunAsync("age-keygen", "-o", identityPath);
        var publicKeyComment = File.ReadLines(identityPath).Single(line => line.StartsWith("# public key: ", StringComparison.Ordinal));
        return new AgeRecipientFile(identityPath, publicKeyComment["# public key: ".Length..]);
    }
}

/// <summary>An identity file written by <c>age-keygen</c> and the recipient it printed.</summary>
internal sealed record AgeRecipientFile(string IdentityPath, string Recipient);
