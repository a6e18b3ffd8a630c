using System.Collections.Concurrent;
using System.Diagnostics;

namespace Waymark.Failover.Tests.Support;

/// <summary>Starting the tools these tests drive, and making sure none outlives the test run.</summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }

    /// <summary>Kills <paramref name="process"/> when the test host exits, should the test not have stopped it.</summary>
    public static void KillOnExit(Process process)
    {
        Running.TryAdd(process, 0);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Running.TryRemove(process, out _);
    }

    /// <summary>Runs a command to completion; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout}.\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    /// <summary>Like <see cref="RunAsync"/>, throwing with the output when the command fails.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var (exitCode, output) = await RunAsync(fileName, arguments, workingDirectory, timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with code {exitCode}:\n{output}");
        }

        return output;
    }
}
