using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Setup;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Setup;

/// <summary>First-run setup with the one-time token: password rules, a single use, and closed once an account exists. Each test needs a server nobody set up yet.</summary>
public sealed class SetupTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Setup_RefusesShortAndCommonPasswords_ThenCreatesTheOwnerOnce_AndAfterwardsSendsToSignIn(string provider)
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var token = await IssueTokenAsync(server);
        var setupPage = "/setup?token=" + token;
        var email = TestWorkspace.NewEmail("owner");
        var password = TestWorkspace.NewPassword();
        using var browser = new DashboardClient(server.BaseAddress);

        var wrongLink = await browser.GetAsync("/setup?token=setup_not-the-token");
        var tooShort = await browser.PostFormAsync(setupPage, Form(token, email, "short-pw"));
        var common = await browser.PostFormAsync(setupPage, Form(token, email, "password1234"));

        Assert.True(wrongLink.Shows("This setup link does not work"), wrongLink.Html);
        Assert.Equal(HttpStatusCode.OK, tooShort.Status);
        Assert.True(tooShort.Shows("12 characters"), tooShort.Html);
        Assert.Equal(HttpStatusCode.OK, common.Status);
        Assert.True(common.Shows("common or breached"), common.Html);
        Assert.False(await IsCompleteAsync(server));
        Assert.Null(browser.Session);

        var done = await browser.PostFormAsync(setupPage, Form(token, email, password));

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.True(done.Shows("Waymark is ready"), done.Html);
        Assert.NotNull(browser.Session);
        Assert.Contains("sk_", done.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);
        Assert.Single(await InstanceAuditAsync(server, AuditActions.InstanceSetup));

        // The token worked once; setup is closed for everyone now.
        using var late = new DashboardClient(server.BaseAddress);
        foreach (var path in new[] { setupPage, "/setup" })
        {
            var answer = await late.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, answer.Status);
            Assert.StartsWith("/signin", answer.Location, StringComparison.Ordinal);
        }

        var replay = await late.PostFormAsync("/signin", Form(token, TestWorkspace.NewEmail("intruder"), TestWorkspace.NewPassword()), action: setupPage);
        Assert.Equal(HttpStatusCode.Redirect, replay.Status);
        Assert.StartsWith("/signin", replay.Location, StringComparison.Ordinal);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var setup = scope.ServiceProvider.GetRequiredService<InstanceSetup>();
            Assert.False(await setup.IsValidTokenAsync(token));
            var again = await setup.CompleteAsync(token, TestWorkspace.NewEmail("intruder"), TestWorkspace.NewPassword(), "Other", null, null);
            Assert.Equal(Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden, again.Refusal?.Status);
            Assert.Null(await setup.IssueTokenAsync());
        }

        using var owner = new DashboardClient(server.BaseAddress);
        await owner.SignInAsync(email, password);
        Assert.Single(await InstanceAuditAsync(server, AuditActions.InstanceSetup));
    }

    [Fact]
    public async Task SetupToken_IsReplacedByTheNextStart_AndTheOldOneStopsWorking()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite");
        var first = await IssueTokenAsync(server);
        var second = await IssueTokenAsync(server);
        using var browser = new DashboardClient(server.BaseAddress);

        var old = await browser.GetAsync("/setup?token=" + first);
        var current = await browser.GetAsync("/setup?token=" + second);

        Assert.True(old.Shows("This setup link does not work"), old.Html);
        Assert.True(current.Shows("Set up Waymark"), current.Html);
        var refused = await browser.PostFormAsync("/setup?token=" + second, Form(first, TestWorkspace.NewEmail(), TestWorkspace.NewPassword()), action: "/setup?token=" + first);
        Assert.True(refused.Shows("This setup link does not work"), refused.Html);
        Assert.False(await IsCompleteAsync(server));
    }

    private static List<KeyValuePair<string, string>> Form(string token, string email, string password) =>
        [new("Token", token), new("Email", email), new("Password", password), new("WorkspaceName", "First workspace")];

    private static async Task<string> IssueTokenAsync(WaymarkTestServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InstanceSetup>().IssueTokenAsync())!;
    }

    private static async Task<bool> IsCompleteAsync(WaymarkTestServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InstanceSetup>().IsCompleteAsync();
    }

    private static async Task<IReadOnlyList<AuditEntryView>> InstanceAuditAsync(WaymarkTestServer server, string action) =>
        (await server.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: action), null, AuditQuery.MaxLimit)).Entries;
}
