using System.Data.Common;
using Waymark.Segments.Rules;
using Waymark.Segments.Sql;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

/// <summary>Whose events count: everyone's, or only those of the users currently in one segment.</summary>
internal sealed class Audience
{
    public static readonly Audience Everyone = new(null);

    private readonly SegmentRule? _rule;

    public Audience(SegmentRule? rule) => _rule = rule;

    /// <summary>
    /// <c>AND column IN (…users in the segment…)</c>, or nothing for everyone; <c>@w</c> must hold the workspace id.
    /// Uncorrelated, so the database computes the segment's users once per query. On SQLite the column is written
    /// <c>+column</c>, which keeps the query's own range index as the driver and makes the segment a membership test:
    /// otherwise SQLite walks the subject index once per segment member (measured on 10 million events: a funnel with
    /// a quarter of the users as its segment, 36 s instead of 0.14 s). A query with a segment then never reads more
    /// rows than the same query without one.
    /// </summary>
    public string Filter(string column, DbCommand command, DatabaseProvider provider, DateTimeOffset now) =>
        _rule is null
            ? ""
            : $" AND {(provider == DatabaseProvider.Sqlite ? "+" : "")}{column} IN (SELECT u.subject_hash FROM users u WHERE u.workspace_id = @w AND {SegmentSql.Where(_rule, provider, command, now, "@w")})";
}
