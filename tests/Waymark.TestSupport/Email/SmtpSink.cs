using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using Waymark.TestSupport.NodeScripts;

namespace Waymark.TestSupport.Email;

/// <summary>
/// A real SMTP server for tests (<c>tests/clients/smtp-sink.mjs</c>, npm <c>smtp-server</c>) on 127.0.0.1 without TLS or
/// authentication, keeping every message it receives. Start one per test or per class; disposing kills it.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly NodeScript _script;
    private readonly object _lock = new();

    // Parsed messages by file number, and those a WaitForMessageAsync call has already returned.
    private readonly SortedDictionary<int, MimeMessage> _messages = [];
    private readonly HashSet<int> _taken = [];

    private SmtpSink(NodeScript script, string directory)
    {
        _script = script;
        Directory = directory;
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    public int Port => _script.Port;

    /// <summary>The directory holding the received messages as <c>1.eml</c>, <c>2.eml</c>, … (raw, as sent).</summary>
    public string Directory { get; }

    /// <summary>The settings that point Waymark's mail at this sink, as configuration keys (for in-process servers).</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["Waymark:Email:SmtpHost"] = Host,
        ["Waymark:Email:SmtpPort"] = Port.ToString(CultureInfo.InvariantCulture),
        ["Waymark:Email:Security"] = "none",
    };

    /// <summary>The same settings as environment variables (for <c>waymark serve</c> processes).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>
    {
        ["WAYMARK_EMAIL__SMTPHOST"] = Host,
        ["WAYMARK_EMAIL__SMTPPORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["WAYMARK_EMAIL__SECURITY"] = "none",
    };

    /// <summary>
    /// Starts the sink on a port the OS chooses and returns once it accepts connections. Recipients at
    /// <paramref name="rejectDomain"/> are refused with <c>550 5.1.1 &lt;address&gt;: Recipient address rejected</c>.
    /// </summary>
    public static async Task<SmtpSink> StartAsync(string? rejectDomain = null)
    {
        TestClients.RequirePackage("smtp-server");
        var directory = System.IO.Directory.CreateTempSubdirectory("waymark-smtp-").FullName;
        List<string> arguments = ["--dir", directory];
        if (rejectDomain is not null)
        {
            arguments.AddRange(["--reject-domain", rejectDomain]);
        }

        try
        {
            return new SmtpSink(await NodeScript.StartAsync("smtp-sink.mjs", arguments), directory);
        }
        catch (InvalidOperationException)
        {
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>
    /// Waits for the next message addressed (To or Cc) to <paramref name="to"/> that no earlier call returned, so two
    /// calls for the same address get the first and the second message to it. With <paramref name="matching"/>, only
    /// such a message counts: owners also receive incident mails that a test about something else did not cause on purpose.
    /// </summary>
    public async Task<MimeMessage> WaitForMessageAsync(string to, TimeSpan timeout, Func<MimeMessage, bool>? matching = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                LoadNewMessages();
                foreach (var (number, message) in _messages)
                {
                    if (!_taken.Contains(number) && IsAddressedTo(message, to) && (matching is null || matching(message)))
                    {
                        _taken.Add(number);
                        return message;
                    }
                }
            }

            if (_script.Process.HasExited)
            {
                throw new InvalidOperationException(
                    $"smtp-sink.mjs exited with code {_script.Process.ExitCode} while waiting for mail to {to}.\nstderr:\n{_script.Errors}");
            }

            if (stopwatch.Elapsed > timeout)
            {
                string received;
                lock (_lock)
                {
                    received = Summary();
                }

                throw new TimeoutException($"No message to {to} within {timeout}. Received: {received}.\nstderr:\n{_script.Errors}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Every message received so far, in order of arrival.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        lock (_lock)
        {
            LoadNewMessages();
            return [.. _messages.Values];
        }
    }

    /// <summary>
    /// The first absolute http(s) URL in the plain-text body whose path starts with <paramref name="pathPrefix"/>
    /// (e.g. <c>/account/reset</c>); throws, quoting the body, when there is none.
    /// </summary>
    public static Uri FindUrl(MimeMessage message, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.TextBody ?? "";
        foreach (Match match in UrlPattern().Matches(body))
        {
            // Sentence punctuation right after a link is not part of it.
            var text = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"');
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) &&
                url.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                return url;
            }
        }

        throw new InvalidOperationException($"No URL with a path starting {pathPrefix} in the text body of \"{message.Subject}\":\n{body}");
    }

    public ValueTask DisposeAsync()
    {
        _script.Dispose();
        TryDelete(Directory);
        return ValueTask.CompletedTask;
    }

    /// <summary>Parses the <c>n.eml</c> files not parsed yet; the sink renames a file to that name only once complete.</summary>
    private void LoadNewMessages()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.eml"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number) &&
                !_messages.ContainsKey(number))
            {
                _messages.Add(number, MimeMessage.Load(file));
            }
        }
    }

    private static bool IsAddressedTo(MimeMessage message, string to) =>
        message.To.Mailboxes.Concat(message.Cc.Mailboxes)
            .Any(mailbox => string.Equals(mailbox.Address, to, StringComparison.OrdinalIgnoreCase));

    private string Summary() =>
        _messages.Count == 0
            ? "nothing"
            : string.Join("; ", _messages.Select(m => $"#{m.Key} to {string.Join(", ", m.Value.To.Mailboxes.Select(x => x.Address))}: {m.Value.Subject}"));

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
