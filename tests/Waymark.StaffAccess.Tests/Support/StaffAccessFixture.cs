using Waymark.TestSupport;
using Waymark.TestSupport.Email;

namespace Waymark.StaffAccess.Tests.Support;

/// <summary>
/// One server per test class on a clock the tests move (ticket windows), mailing to an SMTP sink (owners' notices).
/// Tests isolate themselves with a workspace and an operator of their own.
/// </summary>
public abstract class StaffAccessFixture(string provider) : IAsyncLifetime
{
    public MovableClock Clock { get; } = new();

    public SmtpSink Mail { get; private set; } = null!;

    public WaymarkTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mail = await SmtpSink.StartAsync();
        Server = await WaymarkTestServer.StartAsync(provider, new Dictionary<string, string?>(Mail.Configuration) { ["Waymark:StaffAccess:SweepInterval"] = "00:00:00.500" }, clock: Clock);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

public sealed class SqliteStaffAccessFixture() : StaffAccessFixture("sqlite");

public sealed class PostgresStaffAccessFixture() : StaffAccessFixture("postgres");
