using Waymark.Segments.Tests.Support;

namespace Waymark.Segments.Tests.Rules;

/// <summary>
/// For every rule type, the count the API answers (SQL) equals both the number of test users the in-memory evaluator
/// puts in the segment and the number worked out by hand from <see cref="Population"/>.
/// </summary>
public sealed class RuleAgreementTests(SegmentServers servers) : IClassFixture<SegmentServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    /// <summary>Conditions (one rule in an <c>all</c> group unless they are a group) and how many of u1–u5 match.</summary>
    private static readonly (string Conditions, int Expected)[] Table =
    [
        (Trait("user_trait", "plan", "equals", "\"trial\""), 1),
        (Trait("user_trait", "plan", "not_equals", "\"trial\""), 4),
        (Trait("user_trait", "plan", "contains", "\"trial\""), 2),
        (Trait("user_trait", "plan", "starts_with", "\"tri\""), 2),
        (Trait("user_trait", "plan", "starts_with", "\"\""), 3),
        (Trait("user_trait", "plan", "exists"), 3),
        (Trait("user_trait", "plan", "not_exists"), 2),
        (Trait("user_trait", "seats", "greater_than", "4"), 2),
        (Trait("user_trait", "seats", "less_than", "0"), 1),
        (Trait("user_trait", "seats", "less_than", "-3"), 0),
        (Trait("user_trait", "seats", "equals", "5"), 1),
        (Trait("user_trait", "seats", "equals", "12.5"), 1),
        (Trait("user_trait", "seats", "equals", "\"many\""), 1),
        (Trait("user_trait", "seats", "not_equals", "5"), 4),
        (Trait("user_trait", "admin", "equals", "true"), 1),
        (Trait("user_trait", "admin", "equals", "false"), 1),
        (Trait("user_trait", "admin", "not_equals", "true"), 4),
        (Trait("user_trait", "score", "equals", "0.1"), 1),
        (Trait("user_trait", "role", "equals", "\"Admin\""), 0),
        (Trait("company_trait", "tier", "equals", "\"gold\""), 2),
        (Trait("company_trait", "seats", "greater_than", "10"), 2),
        (Trait("company_trait", "tier", "not_equals", "\"gold\""), 2),
        (Trait("company_trait", "tier", "not_exists"), 0),
        (Trait("user_trait", "email", "equals", "\" ada@example.com \""), 1),
        (Trait("user_trait", "email", "not_equals", "\"ada@example.com\""), 4),
        (Trait("user_trait", "email", "equals", "\"nobody@example.com\""), 0),
        (Rule("""{"type": "event", "event": "Created project", "did": true}"""), 3),
        (Rule("""{"type": "event", "event": "Created project"}"""), 3),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "at_least": 4}"""), 1),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "within_days": 7}"""), 2),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "within_days": 8}"""), 3),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "at_least": 3, "within_days": 7}"""), 1),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "at_least": 4, "within_days": 7}"""), 0),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "within_days": 1}"""), 0),
        (Rule("""{"type": "event", "event": "Created project", "did": true, "within_days": 3}"""), 1),
        (Rule("""{"type": "event", "event": "Invited teammate", "did": false}"""), 4),
        (Rule("""{"type": "event", "event": "Created project", "did": false, "at_least": 2, "within_days": 7}"""), 4),
        (Rule("""{"type": "event", "event": "Never sent", "did": false}"""), 5),
        (Rule("""{"type": "first_seen", "op": "within_days", "days": 7}"""), 3),
        (Rule("""{"type": "first_seen", "op": "within_days", "days": 3}"""), 2),
        (Rule("""{"type": "first_seen", "op": "more_than_days_ago", "days": 30}"""), 1),
        (Rule("""{"type": "first_seen", "op": "more_than_days_ago", "days": 9}"""), 2),
        (Rule("""{"type": "company", "op": "in_any"}"""), 3),
        (Rule("""{"type": "company", "op": "in_none"}"""), 2),
        ("""{"match": "all", "rules": []}""", 5),
        ("""{"match": "any", "rules": []}""", 0),
        ("""
         {"match": "all", "rules": [
           {"type": "user_trait", "key": "plan", "op": "starts_with", "value": "trial"},
           {"match": "any", "rules": [
             {"type": "user_trait", "key": "seats", "op": "less_than", "value": 0},
             {"type": "user_trait", "key": "admin", "op": "equals", "value": true}]}]}
         """, 2),
        ("""
         {"match": "any", "rules": [
           {"type": "event", "event": "Invited teammate", "did": true},
           {"match": "all", "rules": [{"type": "company", "op": "in_none"}, {"type": "first_seen", "op": "within_days", "days": 1}]}]}
         """, 2),
        (Trait("user_trait", "nickname", "equals", "\"x' OR '1'='1\""), 1),
        (Trait("user_trait", "nickname", "equals", "\"x\\\" OR 1=1 --\""), 0),
        (Trait("user_trait", Population.InjectionKey, "equals", "\"v\""), 1),
        (Trait("user_trait", Population.InjectionKey, "not_exists"), 4),
    ];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryRuleType_SqlCountEqualsEvaluatorAndExpectedCount(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await Population.SeedAsync(workspace);

        var failures = new List<string>();
        foreach (var (conditions, expected) in Table)
        {
            var (count, total) = await workspace.PreviewAsync(conditions);
            var evaluated = await workspace.EvaluateAsync(conditions, Population.Users);
            if (count != expected || evaluated != expected || total != Population.Users.Count)
            {
                failures.Add($"{conditions}: expected {expected}, SQL {count} of {total}, evaluator {evaluated}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CountEvents_CountsTheWindowIncludingToday_AsTheSegmentSqlDoes(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await Population.SeedAsync(workspace);
        var now = workspace.Clock.GetUtcNow();

        var u1 = await workspace.StateAsync("u1", "Created project");
        var u3 = await workspace.StateAsync("u3", "Created project", "Invited teammate");
        var unknown = await workspace.StateAsync("never-seen", "Created project");

        Assert.Equal(4, u1.CountEvents("Created project", null, now));
        Assert.Equal(3, u1.CountEvents("Created project", 3, now));
        Assert.Equal(0, u1.CountEvents("Created project", 2, now));
        Assert.Equal(0, u3.CountEvents("Created project", 7, now));
        Assert.Equal(2, u3.CountEvents("Created project", 8, now));
        Assert.Equal(1, u3.CountEvents("Invited teammate", 2, now));
        Assert.Equal(2, u3.Companies.Count);
        Assert.False(unknown.Exists);
        Assert.Equal(0, unknown.CountEvents("Created project", null, now));
    }

    private static string Trait(string type, string key, string op, string? value = null) =>
        Rule($$"""{"type": "{{type}}", "key": {{System.Text.Json.JsonSerializer.Serialize(key)}}, "op": "{{op}}"{{(value is null ? "" : ", \"value\": " + value)}}}""");

    private static string Rule(string rule) => $$"""{"match": "all", "rules": [{{rule}}]}""";
}
