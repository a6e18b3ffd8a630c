using Waymark.TestSupport;
using Waymark.TestSupport.Email;

namespace Waymark.Accounts.Tests.Support;

/// <summary>
/// One SMTP sink and, started on first use, one server per database, both sending their mail to the sink. Shared by
/// the tests of a class; each test isolates itself with a workspace of its own (<see cref="TestWorkspace"/>).
/// </summary>
public class AccountsServers : IAsyncLifetime
{
    private readonly Dictionary<string, Task<WaymarkTestServer>> _servers = [];
    private readonly Lock _lock = new();

    public AccountsServers()
    {
    }

    /// <summary>Servers whose clock is <paramref name="clock"/> instead of the system's.</summary>
    protected AccountsServers(TimeProvider clock) => ServerClock = clock;

    /// <summary>The clock the servers run on, when it is not the system's.</summary>
    protected TimeProvider? ServerClock { get; }

    public SmtpSink Mail { get; private set; } = null!;

    public async Task InitializeAsync() => Mail = await SmtpSink.StartAsync();

    /// <summary>The class's server over <paramref name="provider"/> ("sqlite" or "postgres").</summary>
    public Task<WaymarkTestServer> ServerAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = WaymarkTestServer.StartAsync(provider, Mail.Configuration, clock: ServerClock);
                _servers[provider] = server;
            }

            return server;
        }
    }

    /// <summary>A new workspace on the class's server over <paramref name="provider"/>.</summary>
    public async Task<TestWorkspace> WorkspaceAsync(string provider) => await TestWorkspace.CreateAsync(await ServerAsync(provider));

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
}
