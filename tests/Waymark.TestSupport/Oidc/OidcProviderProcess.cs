using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Email;

namespace Waymark.TestSupport.Oidc;

/// <summary>
/// A real OpenID Connect provider for tests (<c>tests/clients/oidc-provider.mjs</c>, npm <c>oidc-provider</c>) on
/// 127.0.0.1 with one confidential client, PKCE required and the library's development sign-in screens (any login
/// name, which becomes the verified email address; <c>unverified:ADDRESS</c> for an unverified one). Its issuer is
/// <c>http://localhost:PORT</c>, another site than a Waymark on 127.0.0.1. Disposing kills it.
/// </summary>
public sealed partial class OidcProviderProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private OidcProviderProcess(Process process, StringBuilder stderr, int port, string clientId, string clientSecret)
    {
        _process = process;
        _stderr = stderr;
        Port = port;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public int Port { get; }

    /// <summary>The issuer URL, as the provider's discovery document and tokens name it.</summary>
    public Uri Issuer => new($"http://localhost:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>What the provider wrote to stderr so far (its start-up warnings, and any server error).</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the provider with a fresh client allowed to return to <paramref name="redirectUri"/>; returns once it listens.</summary>
    public static async Task<OidcProviderProcess> StartAsync(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        TestClients.RequirePackage("oidc-provider");
        var clientId = "waymark-" + Guid.NewGuid().ToString("N")[..8];
        var clientSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var startInfo = new ProcessStartInfo(TestClients.Node)
        {
            WorkingDirectory = TestClients.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // The provider exits when its stdin closes, so it cannot outlive a test process that is killed.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(TestClients.Directory, "oidc-provider.mjs"),
            "--port", "0",
            "--client-id", clientId,
            "--client-secret", clientSecret,
            "--redirect-uri", redirectUri.ToString(),
        })
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
                listening.TrySetException(new InvalidOperationException("oidc-provider.mjs closed its output before listening."));
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
            return new OidcProviderProcess(process, stderr, port, clientId, clientSecret);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Stop(process);
            process.Dispose();
            string errors;
            lock (stderr)
            {
                errors = stderr.ToString();
            }

            throw new InvalidOperationException($"oidc-provider.mjs did not start: {ex.Message}\nstderr:\n{errors}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
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
