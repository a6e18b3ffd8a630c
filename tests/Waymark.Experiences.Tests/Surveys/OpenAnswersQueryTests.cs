using System.Collections.Concurrent;
using System.Diagnostics;
using Waymark.TestSupport;
using static Waymark.Experiences.Tests.Surveys.SurveyClient;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Surveys;

/// <summary>
/// How many times a page of open-text answers reads the events table. PostgreSQL only: Npgsql reports each command it
/// runs as an activity, which the test follows from its own request through the trace context; SQLite's driver
/// reports nothing. The SQL is the same on both databases.
/// </summary>
public sealed class OpenAnswersQueryTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly ConcurrentBag<(ActivityTraceId Trace, string Sql)> _commands = [];
    private ActivityListener? _listener;

    [Fact]
    public async Task AnswersPage_ReadsTheEventsOfAllItsAnswersInOneQuery()
    {
        var api = await WorkspaceClient.CreateAsync(fixture.Server);
        var id = await LiveAsync(api);
        var users = Enumerable.Range(0, 6).Select(i => $"user-{i}").ToArray();
        await SendAsync(api, [.. users.Select((u, i) => Answer(u, id, "q2", "text", $"text of {u}", Day(11, 1 + i)))]);
        Listen();

        using var request = new Activity("answers-page").Start();
        var page = await GetJsonAsync(api.Full, $"/v1/surveys/{id}/answers?question=q2&limit=5");
        request.Stop();

        Assert.Equal(5, page["answers"]!.AsArray().Count);
        var sql = _commands.Where(c => c.Trace == request.TraceId).Select(c => c.Sql).ToList();
        Assert.Contains(sql, s => s.Contains("FROM survey_answers", StringComparison.Ordinal));
        Assert.Single(sql, s => s.Contains("FROM events", StringComparison.Ordinal));
    }

    public void Dispose() => _listener?.Dispose();

    /// <summary>
    /// Records every Npgsql command with its trace; listening to ASP.NET Core as well makes the server start an
    /// activity per request that continues the test's trace, which the Npgsql activities then belong to.
    /// </summary>
    private void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql)
                {
                    _commands.Add((activity.TraceId, sql));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }
}
