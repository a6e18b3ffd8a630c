using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.TestSupport.Email;

namespace Waymark.Dashboard.Tests.Support;

/// <summary>
/// The owner and members a test needs before the part it is about, made the way people make them (the setup link, an
/// invitation email) without checking each step; <c>TeamOnboardingTests</c> checks those.
/// </summary>
internal static partial class TeamSetup
{
    /// <summary>
    /// Sets the instance up through its setup link in <paramref name="page"/> as <see cref="DashboardServer.OwnerEmail"/>,
    /// leaving the page on the new workspace's home; answers the server key, which the setup page shows only once, and
    /// the workspace's public id.
    /// </summary>
    public static async Task<(string ServerKey, string Ws)> SetUpOwnerAsync(IPage page, DashboardServer server)
    {
        await page.GotoAsync(server.SetupLink.ToString());
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByLabel("Workspace name").FillAsync(DashboardServer.WorkspaceName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and workspace" }).ClickAsync();
        var serverKey = await page.GetByLabel("Server key", new() { Exact = true }).InputValueAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to the workspace" }).ClickAsync();
        await page.WaitForURLAsync(WorkspaceHome(), BrowserChecks.Navigated);
        return (serverKey, page.WorkspaceOf());
    }

    /// <summary>Signs <see cref="DashboardServer.OwnerEmail"/> in through the sign-in form, leaving the page on the workspace list.</summary>
    public static async Task SignInOwnerAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Invites <paramref name="email"/> as <paramref name="role"/> through the API and accepts the emailed invitation in
    /// <paramref name="page"/> with <paramref name="password"/>, leaving the page signed in on the workspace's home.
    /// </summary>
    public static async Task JoinAsMemberAsync(
        DashboardServer server, string serverKey, SmtpSink mail, IPage page, string email, string password, string role)
    {
        using (var client = ApiClient(server, serverKey))
        {
            using var invited = await client.PostAsJsonAsync(new Uri("v1/invitations/", UriKind.Relative), new { email, role });
            Assert.True(invited.IsSuccessStatusCode, await invited.Content.ReadAsStringAsync());
        }

        var link = SmtpSink.FindUrl(await mail.WaitForMessageAsync(email, TimeSpan.FromSeconds(30)), "/invite/");
        await page.GotoAsync(link.ToString());
        await page.GetByLabel("Choose a password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and join" }).ClickAsync();
        await page.WaitForURLAsync(WorkspaceHome(), BrowserChecks.Navigated);
    }

    /// <summary>A client for the server's API, authenticated with <paramref name="serverKey"/>.</summary>
    public static HttpClient ApiClient(DashboardServer server, string serverKey)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", serverKey);
        return client;
    }

    [GeneratedRegex(@"/w/[^/?#]+$")]
    private static partial Regex WorkspaceHome();
}
