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
    /// Uncorrelated, so the database computes the segment's users once per query.
    /// </summary>
    public string Filter(string column, DbCommand command, DatabaseProvider provider, DateTimeOffset now) =>
        _rule is null
            ? ""
            : $" AND {column} IN (SELECT u.subject_hash FROM users u WHERE u.workspace_id = @w AND {SegmentSql.Where(_rule, provider, command, now, "@w")})";
}
