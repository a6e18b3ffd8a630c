using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Xunit.Abstractions;

namespace Waymark.Accounts.Tests.Access;

/// <summary>
/// The role × endpoint table: every role (the five built-in ones and a custom one) against every endpoint and page
/// that requires a permission, found by walking the running server's endpoints. Allowed means anything but 403;
/// denied means 403, and an <c>access.denied</c> entry naming the route in the workspace's audit log. API endpoints
/// are called with a server key whose scope equals the role; dashboard pages as a signed-in member with the role.
/// </summary>
public sealed partial class RoleEndpointTableTests(AccountsServers servers, ITestOutputHelper output) : IClassFixture<AccountsServers>
{
    // What the API and the dashboard had when this table was written; fewer means endpoints went missing from the walk.
    private const int MinimumApiEndpoints = 25;
    private const int MinimumPages = 12;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EveryRole_OnEveryProtectedEndpoint_IsAllowedExactlyWhenItHoldsThePermission_AndEveryDenialIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var customRole = await workspace.CreateCustomRoleAsync("Audit reader", Permissions.AuditRead);
        List<RoleUnderTest> roles = [.. BuiltInRoles.All.Select(r => new RoleUnderTest(r.Key, r.Permissions)), new(customRole, [Permissions.AuditRead])];
        var (endpoints, unaccounted) = ProtectedEndpoints(workspace.Services);
        Assert.True(unaccounted.Count == 0, "Endpoints with neither a permission nor an anonymous reason: " + string.Join(", ", unaccounted));
        var api = endpoints.Where(e => e.IsApi).ToList();
        var pages = endpoints.Where(e => !e.IsApi).ToList();
        Assert.True(api.Count >= MinimumApiEndpoints, $"Only {api.Count} protected API endpoints found: {string.Join(", ", api)}");
        Assert.True(pages.Count >= MinimumPages, $"Only {pages.Count} protected dashboard pages found: {string.Join(", ", pages)}");
        foreach (var expected in new[] { "/v1/keys", "/v1/members", "/v1/invitations", "/v1/roles", "/v1/audit", "/w/{ws}/keys", "/w/{ws}/members", "/w/{ws}/roles", "/w/{ws}/audit", "/w/{ws}/settings" })
        {
            Assert.Contains(endpoints, e => e.Route.StartsWith(expected, StringComparison.Ordinal));
        }

        var failures = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var deniedCount = 0;

        // The API, with a key per role; plus a key holding only events:write, the one permission no role holds.
        foreach (var role in roles.Append(new RoleUnderTest("key with events:write only", [Permissions.EventsWrite])))
        {
            var key = await workspace.CreateKeyAsync(role.Permissions);
            using var client = workspace.Server.ServerKeyClient(key.Secret);
            var denied = new HashSet<string>(StringComparer.Ordinal);
            foreach (var endpoint in api)
            {
                foreach (var method in endpoint.Methods)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), endpoint.PathFor(workspace.PublicId));
                    if (method is "POST" or "PUT" or "PATCH")
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    using var response = await client.SendAsync(request);
                    var target = $"{method} {endpoint.Route}";
                    covered.Add($"{role.Key} {target}");
                    if (role.Holds(endpoint.Policies))
                    {
                        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                        {
                            failures.Add($"{role.Key} key: {target} needs {endpoint.Needs} (held) but answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    else if (response.StatusCode != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{role.Key} key: {target} needs {endpoint.Needs} (not held) but answered {(int)response.StatusCode}");
                    }
                    else
                    {
                        denied.Add(target);
                    }
                }
            }

            var audited = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.AccessDenied, ActorId: key.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            failures.AddRange(MissingDenials($"{role.Key} key", denied, audited, AuditActorKind.ServerKey));
            deniedCount += denied.Count;
        }

        // The dashboard, signed in as a member with each role.
        foreach (var role in roles)
        {
            var member = await workspace.AddMemberAsync(role.Key);
            using var browser = await workspace.SignInAsync(member);
            var denied = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (page, method) in pages.SelectMany(p => p.Methods.Select(m => (p, m))))
            {
                var answer = method == "GET"
                    ? await browser.GetAsync(page.PathFor(workspace.PublicId))
                    : await browser.PostAsync(page.PathFor(workspace.PublicId), [], null);
                var target = $"{method} {page.Route}";
                covered.Add($"{role.Key} {target}");
                if (role.Holds(page.Policies))
                {
                    if (answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized || answer.Location?.StartsWith("/signin", StringComparison.Ordinal) == true)
                    {
                        failures.Add($"{role.Key} member: {target} needs {page.Needs} (held) but answered {(int)answer.Status} {answer.Location}");
                    }
                }
                else if (answer.Status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{role.Key} member: {target} needs {page.Needs} (not held) but answered {(int)answer.Status} {answer.Location}");
                }
                else
                {
                    denied.Add(target);
                }
            }

            // Pages and endpoints of the installation itself (/operator, /instance) concern no workspace: their refusals are in the instance chain.
            var filter = new AuditFilter(Action: AuditActions.AccessDenied, ActorId: member.AccountId);
            var audited = (await workspace.AuditAsync(filter)).Concat(await workspace.InstanceAuditAsync(filter)).ToList();
            failures.AddRange(MissingDenials($"{role.Key} member", denied, audited, AuditActorKind.Member));
            deniedCount += denied.Count;
        }

        output.WriteLine($"{api.Count} API endpoints × {roles.Count + 1} keys, {pages.Count} pages × {roles.Count} members: {covered.Count} cells, {deniedCount} denials audited.");
        Assert.True(failures.Count == 0, $"{failures.Count} cells of the role × endpoint table are wrong:\n" + string.Join('\n', failures));

        // No endpoint was skipped: every (role, endpoint, method) cell was visited.
        var expectedCells = api.Sum(e => e.Methods.Count) * (roles.Count + 1) + pages.Sum(p => p.Methods.Count) * roles.Count;
        Assert.Equal(expectedCells, covered.Count);
    }

    /// <summary>Refusals that have no matching <c>access.denied</c> entry (by route, actor kind and outcome).</summary>
    private static IEnumerable<string> MissingDenials(string who, IReadOnlySet<string> denied, IReadOnlyList<AuditEntryView> audited, AuditActorKind kind)
    {
        var recorded = audited
            .Where(e => e.Outcome == AuditOutcome.Denied && e.Actor.Kind == kind && e.TargetType == "endpoint")
            .Select(e => e.TargetId)
            .ToHashSet(StringComparer.Ordinal);
        return denied.Where(target => !recorded.Contains(target)).Select(target => $"{who}: {target} answered 403 but no access.denied entry names it");
    }

    /// <summary>Every route endpoint that requires a permission, and those that neither require one nor say why they are open.</summary>
    private static (List<ProtectedEndpoint> Protected, List<string> Unaccounted) ProtectedEndpoints(IServiceProvider services)
    {
        var result = new List<ProtectedEndpoint>();
        var unaccounted = new List<string>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var route = "/" + raw.TrimStart('/');
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (policies.Count == 0)
            {
                if (endpoint.Metadata.GetMetadata<AllowAnonymousBecauseAttribute>() is null)
                {
                    unaccounted.Add(route);
                }

                continue;
            }

            // Razor pages are visited with GET (their form posts need the page's anti-forgery token); endpoints of the
            // dashboard's session (/instance) with their own methods, as the signed-in member.
            var isApi = route == "/v1" || route.StartsWith("/v1/", StringComparison.Ordinal);
            var isPage = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null;
            var methods = isPage ? ["GET"] : endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() ?? [];
            if (methods.Count == 0)
            {
                // An API endpoint for every method cannot be called in a table; name it rather than skip it.
                unaccounted.Add(route + " (no HTTP method)");
                continue;
            }

            result.Add(new ProtectedEndpoint(route, isApi, methods, policies));
        }

        return (result, unaccounted);
    }

    private sealed record RoleUnderTest(string Key, IReadOnlyList<string> Permissions)
    {
        /// <summary>Every signed-in person has account:self; the rest comes from the role.</summary>
        public bool Holds(IEnumerable<string> policies) => policies.All(p => p == Api.Permissions.AccountSelf || Permissions.Contains(p));
    }

    private sealed partial record ProtectedEndpoint(string Route, bool IsApi, IReadOnlyList<string> Methods, IReadOnlyList<string> Policies)
    {
        public string Needs => string.Join(" and ", Policies);

        /// <summary>The route with plausible values that name nothing that exists (except the workspace of a page).</summary>
        public string PathFor(string workspacePublicId) => Parameter().Replace(Route, match =>
        {
            var name = match.Groups["name"].Value.TrimStart('*');
            var constraints = match.Groups["constraints"].Value;
            return name switch
            {
                "ws" => workspacePublicId,
                "accountId" => "nobody",
                "key" => "custom:999999",
                _ when constraints.Contains("long", StringComparison.Ordinal) || constraints.Contains("int", StringComparison.Ordinal) => "999999",
                _ => "x",
            };
        });

        public override string ToString() => $"{string.Join('|', Methods)} {Route} ({Needs})";

        [GeneratedRegex(@"\{(?<name>[^}:=?]+)(?<constraints>[^}]*)\}")]
        private static partial Regex Parameter();
    }
}
