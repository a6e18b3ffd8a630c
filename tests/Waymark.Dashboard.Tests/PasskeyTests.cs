using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Npgsql;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Browser;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// Passkeys end to end, in headless Chromium with its virtual WebAuthn authenticator against the real
/// <c>waymark serve</c>. The browser opens the server as <c>localhost</c>: WebAuthn refuses an IP address as the site
/// a passkey belongs to.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PasskeyTests
{
    private const string FirstName = "Phone";
    private const string PasskeyName = "Work laptop";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Passkey_Registered_SignsInWithoutPassword_AndOnceRemoved_NoLongerSignsIn(string provider)
    {
        await using var server = await DashboardServer.StartAsync(provider);
        await server.SetUpWithoutBrowserAsync();
        var browser = await ChromiumBrowser.Instance;
        await using var session = await browser.NewSessionAsync(new BrowserNewContextOptions { BaseURL = $"http://localhost:{server.Process.Port}/" });
        var page = session.Page;
        page.SetDefaultTimeout(20_000);
        await using var authenticator = await VirtualAuthenticator.AttachAsync(page);

        // Another session of the same person, which adding a passkey must end.
        using var elsewhere = new DashboardClient(server.BaseAddress);
        await elsewhere.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);

        await SignInWithPasswordAsync(page);
        await page.GotoAsync("/account/passkeys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Passkeys", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();

        // A passkey needs a name, asked for before the browser's prompt: nothing reaches the authenticator without one.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Name the passkey" })).ToBeVisibleAsync();
        Assert.Empty(await authenticator.CredentialIdsAsync());

        // Register: the name, then the browser's ceremony with the virtual authenticator.
        await page.GetByLabel("Passkey name").FillAsync(FirstName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Passkey “{FirstName}” added." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = FirstName })).ToContainTextAsync("never");

        // Rename it.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Rename {FirstName}" }).ClickAsync();
        await page.GetByLabel("Passkey name").FillAsync(PasskeyName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Passkey renamed to “{PasskeyName}”." })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = PasskeyName });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = FirstName })).ToHaveCountAsync(0);
        var credentials = await authenticator.CredentialIdsAsync();
        Assert.Single(credentials);
        var removeHref = await row.GetByRole(AriaRole.Link, new() { Name = $"Remove {PasskeyName}" }).GetAttributeAsync("href");
        Assert.EndsWith("remove=" + credentials[0], removeHref, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).Status);

        // The password alone no longer signs this account in: the passkey is its second factor.
        using var passwordOnly = new DashboardClient(server.BaseAddress);
        var refused = await passwordOnly.TrySignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.StartsWith("/signin/passkey", refused.Location, StringComparison.Ordinal);
        Assert.Null(passwordOnly.Session);

        // In the browser, the right password leads on to the passkey, which finishes signing in.
        await SignOutAsync(page);
        await SubmitPasswordAsync(page);
        await Expect(page.GetByText("Your password was right. Your account's second factor is a passkey")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();

        // Sign out, then in again with the passkey and no password at all.
        await SignOutAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with a passkey", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Signed in as {DashboardServer.OwnerEmail}")).ToBeVisibleAsync();

        await page.GotoAsync("/account/passkeys");
        await Expect(row).Not.ToContainTextAsync("never");

        // Remove it, through the confirmation step.
        await row.GetByRole(AriaRole.Link, new() { Name = $"Remove {PasskeyName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Remove the passkey “{PasskeyName}”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Passkey “{PasskeyName}” removed" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();

        // The authenticator still holds the credential and offers it, but the site no longer accepts it.
        await SignOutAsync(page);
        await page.GotoAsync("/signin/passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByText("That passkey did not sign you in.").First).ToBeVisibleAsync();
        Assert.Single(await authenticator.CredentialIdsAsync());
        await page.GotoAsync("/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);

        // Without its passkey the account signs in with its password again.
        await SignInWithPasswordAsync(page);

        // The refused nameless request above is the one failed load the browser may report.
        await session.AssertNoErrorsExceptStatusAsync(400);

        server.Process.Kill();
        var audit = await AuditEntriesAsync(server);
        var ownerId = audit.Single(e => e.Action == "mfa.passkey-added" && e.WorkspaceId == 0).ActorId;
        Assert.NotNull(ownerId);
        foreach (var action in new[] { "mfa.passkey-added", "mfa.passkey-renamed", "mfa.passkey-removed" })
        {
            // The instance chain and the workspace's chain alike, with the person as actor and target.
            Assert.Equal(2, audit.Count(e => e.Action == action && e.ActorId == ownerId && e.TargetId == ownerId));
        }

        // Two passkey sign-ins, each recorded in the instance chain and the workspace's.
        Assert.Equal(4, audit.Count(e => e.Action == "signin.succeeded" && e.ActorId == ownerId && e.Method == "passkey"));
        Assert.Contains(audit, e => e.Action == "signin.failed" && e.Method == "passkey" && e.WorkspaceId == 0);
        Assert.DoesNotContain(audit, e => e.Details.Contains(PasskeyName, StringComparison.Ordinal) || e.Details.Contains(FirstName, StringComparison.Ordinal) || e.Details.Contains(DashboardServer.OwnerEmail, StringComparison.Ordinal));
    }

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await SubmitPasswordAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task SubmitPasswordAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Every chain's entries, read from the database with the server stopped.</summary>
    private static async Task<IReadOnlyList<AuditLine>> AuditEntriesAsync(DashboardServer server)
    {
        await using DbConnection connection = server.Database is null
            ? new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(server.DataDirectory, "waymark.db"),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ConnectionString)
            : new NpgsqlConnection(server.Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT workspace_id, action, actor_id, target_id, details FROM audit_entries ORDER BY workspace_id, seq";
        var lines = new List<AuditLine>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var details = reader.IsDBNull(4) ? "" : reader.GetString(4);
            lines.Add(new AuditLine(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                details,
                MethodOf(details)));
        }

        return lines;
    }

    private static string? MethodOf(string details)
    {
        if (details.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(details);
        return document.RootElement.TryGetProperty("method", out var method) ? method.GetString() : null;
    }

    private sealed record AuditLine(long WorkspaceId, string Action, string? ActorId, string? TargetId, string Details, string? Method);
}
