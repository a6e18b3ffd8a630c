using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Hosting;
using Waymark.Jobs.Running;
using Waymark.Jobs.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Jobs.Tests;

/// <summary>The claim itself, with no worker running: many claimers at once, and leases.</summary>
public sealed class ClaimTests
{
    private static readonly string[] Types = [RowsHandler.JobType];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Claim_ByManyConcurrentClaimers_GivesEveryJobToExactlyOne(string provider)
    {
        await using var server = await JobServer.StartAsync(provider, Role.App);
        var workspace = await server.CreateWorkspaceAsync();
        var enqueued = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            enqueued.Add(await server.EnqueueRowsAsync(workspace, RowsHandler.Ok));
        }

        var store = server.Services.GetRequiredService<JobStore>();
        var claims = new ConcurrentBag<ClaimedJob>();
        using var start = new SemaphoreSlim(0);
        var claimers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            await start.WaitAsync();

            // Bounded, so that a claim handing out jobs twice fails the test instead of looping for ever.
            for (var left = 100; left > 0 && await store.ClaimAsync(Types, $"claimer-{n}-{Guid.NewGuid():N}", CancellationToken.None) is { } job; left--)
            {
                claims.Add(job);
            }
        })).ToList();
        start.Release(claimers.Count);
        await Task.WhenAll(claimers);

        Assert.Equal(enqueued.Order(StringComparer.Ordinal), claims.Select(c => c.PublicId).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal(1, c.Attempts));
        Assert.Equal(claims.Count, claims.Select(c => c.LeaseOwner).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Claim_OfAJobUnderALiveLease_FindsNothing_UntilTheLeaseExpires(string provider)
    {
        var clock = new MovableClock();
        await using var server = await JobServer.StartAsync(provider, Role.App, clock);
        var workspace = await server.CreateWorkspaceAsync();
        var jobId = await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Ok);
        var store = server.Services.GetRequiredService<JobStore>();

        var first = await store.ClaimAsync(Types, "first-worker", CancellationToken.None);
        Assert.Equal(jobId, first?.PublicId);
        Assert.Null(await store.ClaimAsync(Types, "second-worker", CancellationToken.None));
        Assert.True(await store.RenewAsync(first!, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(31));
        var second = await store.ClaimAsync(Types, "second-worker", CancellationToken.None);

        Assert.Equal(jobId, second?.PublicId);
        Assert.Equal(2, second!.Attempts);
        Assert.False(await store.RenewAsync(first!, CancellationToken.None));
        Assert.True(await store.RenewAsync(second, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Claim_TakesOnlyTheTypesTheWorkerHandles(string provider)
    {
        await using var server = await JobServer.StartAsync(provider, Role.App);
        var workspace = await server.CreateWorkspaceAsync();
        await server.Queue.EnqueueAsync(workspace.InternalId, "test.unknown", ReadOnlyMemory<byte>.Empty, 0);
        var store = server.Services.GetRequiredService<JobStore>();

        Assert.Null(await store.ClaimAsync(Types, "worker", CancellationToken.None));
        Assert.NotNull(await store.ClaimAsync(["test.unknown"], "worker", CancellationToken.None));
    }
}
