using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Audit;
using Waymark.Incidents.Signals;
using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Dashboard;

/// <summary>The installation's own incidents over HTTP: worked by operators (and the instance owner) on the operator console, hidden from everyone else.</summary>
public sealed class InstanceIncidentPageTests(IncidentServers servers) : IClassFixture<IncidentServers>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Operator_SeesAnInstanceIncident_AcknowledgesAndResolvesIt_TheInstanceOwnerSeesItToo_ButAWorkspaceOwnerCannotOpenThePages(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var book = workspace.Services.GetRequiredService<IncidentBook>();
        var before = await NewestBackupIncidentAsync(book);
        await workspace.RecordAsync(new AuditEvent(AuditEvent.InstanceChain, AuditActions.BackupVerificationFailed, AuditActor.System, AuditOutcome.Failure, "backup", "bk_" + Guid.NewGuid().ToString("N")[..8]));
        var id = (long)await Waits.ForAsync<object>(async () => await NewestBackupIncidentAsync(book) is { } newest && newest > (before ?? 0) ? newest : null, "an instance backup incident");
        var page = $"/operator/incidents/{id}";
        using var op = await OperatorAsync(workspace);
        using var instanceOwner = await workspace.SignInAsync(workspace.Owner);
        using var owner = await workspace.SignInAsync(await workspace.InviteAsync("owner"));

        var list = await op.GetAsync("/operator/incidents");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains($"href=\"{page}\"", list.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await op.PostFormAsync(page, [], page + "?handler=acknowledge")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await op.PostFormAsync(page, [new("Note", "Backup target remounted")], page + "?handler=resolve")).Status);
        var shown = await op.GetAsync(page);
        Assert.Contains("<dd id=\"incident-state\">resolved</dd>", shown.Html, StringComparison.Ordinal);
        Assert.True(shown.Shows("Backup target remounted"));

        Assert.Contains($"href=\"{page}\"", (await instanceOwner.GetAsync("/operator/incidents")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/operator/incidents")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(page)).Status);
        var acknowledged = Assert.Single(await workspace.Services.GetRequiredService<AuditQuery>().StreamAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.IncidentAcknowledged, TargetId: id.ToString(CultureInfo.InvariantCulture))).ToListAsync());
        Assert.Equal(AuditActorKind.Operator, acknowledged.Actor.Kind);
    }

    private static async Task<long?> NewestBackupIncidentAsync(IncidentBook book) =>
        (await book.ListAsync(AuditEvent.InstanceChain, null, null, null, IncidentBook.MaxPageSize, CancellationToken.None)).Value!.Incidents
            .Where(i => i.Detector == "backup-verification-failed").Select(i => (long?)i.Id).Max();

    private static async Task<Waymark.TestSupport.Dashboard.DashboardClient> OperatorAsync(IncidentWorkspace workspace)
    {
        var email = IncidentWorkspace.NewEmail("operator");
        var password = "Op-" + Guid.NewGuid().ToString("N");
        using var scope = workspace.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var created = await users.CreateAsync(new Account { UserName = email, Email = email, EmailConfirmed = true, IsOperator = true }, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return await workspace.SignInAsync(new TestMember((await users.FindByEmailAsync(email))!.Id, email, password));
    }
}
