using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit.Tail;
using Waymark.Incidents.Detectors;
using Waymark.TestSupport;
using Waymark.TestSupport.Email;

namespace Waymark.Incidents.Tests.Support;

/// <summary>
/// One SMTP sink and, started on first use, one server per database whose worker polls the audit tail every 200 ms,
/// on a <see cref="MovableClock"/>. Sign-in lockouts and address rate limits are raised far above what the tests send,
/// so that the detectors, not the lockout, are what the tests see; 127.0.0.1 is a trusted proxy, so a test picks the
/// client address with <c>X-Forwarded-For</c>.
/// </summary>
public class IncidentServers : IAsyncLifetime
{
    private readonly Dictionary<string, Task<WaymarkTestServer>> _servers = [];
    private readonly Lock _lock = new();

    public MovableClock Clock { get; } = new();

    public SmtpSink Mail { get; private set; } = null!;

    public async Task InitializeAsync() => Mail = await SmtpSink.StartAsync();

    /// <summary>Settings of the class's servers beyond the common ones.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public Task<WaymarkTestServer> ServerAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = StartAsync(provider);
                _servers[provider] = server;
            }

            return server;
        }
    }

    public async Task<IncidentWorkspace> WorkspaceAsync(string provider) => await IncidentWorkspace.CreateAsync(await ServerAsync(provider), Mail);

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            try
            {
                await (await server).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // A server that never started has nothing to stop; its test already failed.
            }
        }

        await Mail.DisposeAsync();
    }

    /// <summary>The settings every incidents test server runs with, sending mail to <paramref name="mail"/>.</summary>
    internal static Dictionary<string, string?> CommonSettings(SmtpSink mail) => new(mail.Configuration)
    {
        ["Waymark:Incidents:PollInterval"] = "00:00:00.200",
        ["Waymark:Incidents:WebhookRetryDelay"] = "00:00:00.050",
        ["Waymark:Accounts:Lockout:FreeFailures"] = "1000",
        ["Waymark:Accounts:Lockout:AddressFreeFailures"] = "10000",
        ["Waymark:Accounts:Lockout:PermanentLockoutAfter"] = "100000",
        ["Waymark:Accounts:PublicUrl"] = "https://waymark.example.test/",
        ["Waymark:Firewall:RateLimits:AddressPerMinute"] = "100000",
        ["Waymark:Proxy:TrustedNetworks:0"] = "127.0.0.1",
        ["Waymark:Incidents:Detectors:MassDeletion:Floor"] = "50",
        ["Waymark:Incidents:Detectors:MassExport:Floor"] = "5",
        ["Waymark:Incidents:Detectors:InvalidKeyFlood:Count"] = "50",
    };

    /// <summary>The worker's first read of the tail only marks where it starts; until then what tests do would go unseen.</summary>
    internal static async Task WaitForTheDetectorsAsync(WaymarkTestServer server)
    {
        var tail = server.Services.GetRequiredService<AuditTail>();
        var waited = Stopwatch.StartNew();
        while ((await tail.ReadAsync(IncidentWorker.Consumer, 1)).IsStart)
        {
            if (waited.Elapsed > Waits.Generous)
            {
                throw new TimeoutException("The incident worker did not start reading the audit tail within " + Waits.Generous.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.");
            }

            await Task.Delay(50);
        }
    }

    private async Task<WaymarkTestServer> StartAsync(string provider)
    {
        var configuration = CommonSettings(Mail);
        foreach (var (key, value) in Settings)
        {
            configuration[key] = value;
        }

        var server = await WaymarkTestServer.StartAsync(provider, configuration, clock: Clock);
        await WaitForTheDetectorsAsync(server);
        return server;
    }
}
