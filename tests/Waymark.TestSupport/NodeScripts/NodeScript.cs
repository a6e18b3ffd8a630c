using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Email;

namespace Waymark.TestSupport.NodeScripts;

/// <summary>
/// A server script from <c>tests/clients</c> run with <c>node</c>, which takes <c>--port</c> and prints one line
/// <c>listening PORT</c> to stdout once it accepts connections. Keeps everything it writes to stderr; disposing kills it.
/// </summary>
internal sealed partial class NodeScript : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _stderr;

    private NodeScript(Process process, StringBuilder stderr, int port)
    {
        Process = process;
        _stderr = stderr;
        Port = port;
    }

    public Process Process { get; }

    public int Port { get; }

    /// <summary>What the script wrote to stderr from its start until now.</summary>
    public string Errors => Read(_stderr);

    /// <summary>
    /// Runs <paramref name="scriptFileName"/> from <c>tests/clients</c> with <paramref name="arguments"/> and returns once
    /// it listens; throws, quoting its stderr, when it exits or stays silent instead.
    /// </summary>
    public static async Task<NodeScript> StartAsync(string scriptFileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(TestClients.Node)
        {
            WorkingDirectory = TestClients.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // The scripts exit when their stdin closes, so they cannot outlive a test process that is killed.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(TestClients.Directory, scriptFileName));

        // Port 0 and reading the port back avoids the race of picking a free port first (FreePort) and binding later.
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add("0");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"{scriptFileName} closed its output before listening."));
            }
            else if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Append(e.Data).Append('\n');
                }
            }
        };

        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var port = await listening.Task.WaitAsync(StartTimeout);
            return new NodeScript(process, stderr, port);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Stop(process);
            process.Dispose();
            throw new InvalidOperationException($"{scriptFileName} did not start: {ex.Message}\nstderr:\n{Read(stderr)}", ex);
        }
    }

    public void Dispose()
    {
        Stop(Process);
        Process.Dispose();
    }

    private static string Read(StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Also lets the output readers reach the end, so a start failure quotes all of stderr.
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    [GeneratedRegex(@"^listening (\d+)$")]
    private static partial Regex ListeningLine();
}
