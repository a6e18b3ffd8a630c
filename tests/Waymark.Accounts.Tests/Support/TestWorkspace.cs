using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Audit;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Tests.Support;

/// <summary>A person with an account and a password the tests know.</summary>
public sealed record TestMember(string AccountId, string Email, string Password);

/// <summary>
/// A fresh workspace on a shared server, and what tests do with it: add members with a role directly (as an accepted
/// invitation would), create keys, sign people in to the dashboard, call the API, read the audit log.
/// </summary>
public sealed class TestWorkspace
{
    private TestWorkspace(WaymarkTestServer server, CreatedWorkspace created)
    {
        Server = server;
        Created = created;
    }

    public WaymarkTestServer Server { get; }

    public CreatedWorkspace Created { get; }

    /// <summary>The internal id, as audit entries and domain services use it.</summary>
    public long Id => Created.InternalId;

    /// <summary>The public id (ws_...), as in dashboard URLs.</summary>
    public string PublicId => Created.WorkspaceId;

    public IServiceProvider Services => Server.Services;

    public static async Task<TestWorkspace> CreateAsync(WaymarkTestServer server) =>
        new(server, await server.CreateWorkspaceAsync("Workspace " + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>A password nobody uses: long, and not on the common-password list.</summary>
    public static string NewPassword() => "Tw-" + Guid.NewGuid().ToString("N");

    /// <summary>An address no other test uses.</summary>
    public static string NewEmail(string name = "member") => $"{name}-{Guid.NewGuid():N}@example.test";

    /// <summary>Creates an account through Identity (so its password is hashed and checked as usual) and makes it a member with <paramref name="role"/>.</summary>
    public async Task<TestMember> AddMemberAsync(string role, string? email = null)
    {
        email ??= NewEmail(role.Replace(':', '-'));
        var password = NewPassword();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() };
        var created = await users.CreateAsync(account, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await AddMembershipAsync(account.Id, role);
        return new TestMember(account.Id, email, password);
    }

    /// <summary>Makes an existing account a member of this workspace.</summary>
    public async Task AddMembershipAsync(string accountId, string role)
    {
        await using var db = Services.GetRequiredService<AccountContexts>().Create();
        await Services.GetRequiredService<MemberDirectory>().AddAsync(db, Id, accountId, role, CancellationToken.None);
    }

    /// <summary>Defines a custom role as an operator would; returns its key (custom:ID).</summary>
    public async Task<string> CreateCustomRoleAsync(string name, params string[] permissions)
    {
        var outcome = await Services.GetRequiredService<RoleCatalog>().CreateAsync(Caller.Operator(), Id, name, permissions);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
        return outcome.Value!.Key;
    }

    /// <summary>The role key of a member, read from the database.</summary>
    public async Task<string?> RoleOfAsync(string accountId)
    {
        await using var db = Services.GetRequiredService<AccountContexts>().Create();
        return await db.Memberships.Where(m => m.WorkspaceId == Id && m.AccountId == accountId).Select(m => m.Role).FirstOrDefaultAsync();
    }

    /// <summary>A server key with exactly <paramref name="scopes"/>, created by an operator.</summary>
    public Task<CreatedKey> CreateKeyAsync(IEnumerable<string> scopes, DateTimeOffset? expiresAt = null) =>
        CreateKeyAsync(Caller.Operator(), scopes, expiresAt);

    /// <summary>A server key created by <paramref name="caller"/> (e.g. <see cref="CallerForAsync"/> for a member).</summary>
    public async Task<CreatedKey> CreateKeyAsync(Caller caller, IEnumerable<string> scopes, DateTimeOffset? expiresAt = null)
    {
        var outcome = await Services.GetRequiredService<KeyService>().CreateServerKeyAsync(caller, Id, "test key", scopes.ToList(), expiresAt);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
        return outcome.Value!;
    }

    /// <summary>A client sending a new server key with exactly <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(params string[] scopes) => Server.ServerKeyClient((await CreateKeyAsync(scopes)).Secret);

    /// <summary>A client sending the workspace's first server key, which holds every permission.</summary>
    public HttpClient FullKeyClient() => Server.ServerKeyClient(Created.ServerKey);

    /// <summary>A member acting in this workspace with the permissions of their role, as the dashboard would pass them to services.</summary>
    public async Task<Caller> CallerForAsync(TestMember member)
    {
        var (_, permissions, _) = await Services.GetRequiredService<MemberDirectory>().PermissionsOfAsync(member.AccountId, Id);
        return new Caller(AuditActor.Member(member.AccountId), permissions.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A dashboard client signed in as <paramref name="member"/> through the sign-in form.</summary>
    public async Task<DashboardClient> SignInAsync(TestMember member)
    {
        var client = new DashboardClient(Server.BaseAddress);
        await client.SignInAsync(member.Email, member.Password);
        return client;
    }

    /// <summary>This workspace's audit entries matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntryView>> AuditAsync(AuditFilter filter) =>
        (await Services.GetRequiredService<AuditQuery>().ListAsync(Id, filter, null, AuditQuery.MaxLimit)).Entries;

    /// <summary>The installation's own audit entries (instance chain) matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntryView>> InstanceAuditAsync(AuditFilter filter) =>
        (await Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, filter, null, AuditQuery.MaxLimit)).Entries;

    /// <summary>Runs one SQL statement against the server's database (both providers), e.g. to move a time into the past.</summary>
    public async Task<int> ExecuteSqlAsync(string sql, params object[] parameters)
    {
        await using var db = Services.GetRequiredService<AccountContexts>().Create();
        return await db.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    public static StringContent Json(object value) => ApiAnswers.Json(value);

    /// <summary>Asserts a problem+json answer with the given status and type (the last segment of its type URI).</summary>
    public static Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type) => ApiAnswers.AssertProblemAsync(response, status, type);

    public static Task<JsonObject> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) => ApiAnswers.ReadJsonAsync(response, status);

    public static Task<JsonObject?> GetJsonAsync(HttpClient client, string path) => client.GetFromJsonAsync<JsonObject>(path);
}
