using System.Data.Common;
using System.Globalization;
using System.Text;
using Waymark.Segments.Evaluation;
using Waymark.Segments.Rules;
using Waymark.Storage;

namespace Waymark.Segments.Sql;

/// <summary>
/// Compiles a rule tree into a boolean SQL expression over <c>users u</c>, for SQLite (<c>json_extract</c>) or
/// PostgreSQL (<c>jsonb</c>). Every key, value and name travels as a parameter: nothing submitted is ever part of the
/// SQL text. Each predicate is two-valued (never NULL), so <c>NOT</c> means what <see cref="SegmentEvaluator"/> means.
/// An event rule is an uncorrelated <c>IN</c> over the users who did it often enough, computed once per count (a
/// hashed subplan on PostgreSQL): as a per-user subquery, PostgreSQL without fresh statistics scanned the name index
/// for every user and took a minute at 10k users.
/// </summary>
internal sealed class SegmentSql
{
    private readonly StringBuilder _sql = new();
    private readonly DbCommand _command;
    private readonly bool _postgres;
    private readonly long _nowMs;
    private readonly string _workspace;
    private int _parameters;

    private SegmentSql(DbCommand command, DatabaseProvider provider, DateTimeOffset now, string workspace)
    {
        _workspace = workspace;
        _command = command;
        _postgres = provider == DatabaseProvider.Postgres;
        _nowMs = now.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// The expression for <paramref name="rule"/>, its parameters added to <paramref name="command"/>;
    /// <paramref name="workspace"/> names the parameter already holding the workspace id.
    /// </summary>
    public static string Where(SegmentRule rule, DatabaseProvider provider, DbCommand command, DateTimeOffset now, string workspace)
    {
        var compiler = new SegmentSql(command, provider, now, workspace);
        compiler.Append(rule);
        return compiler._sql.ToString();
    }

    private void Append(SegmentRule rule)
    {
        switch (rule)
        {
            case RuleGroup group:
                AppendGroup(group);
                break;
            case TraitRule { Scope: TraitScope.User } trait:
                AppendTrait(trait, "u.public_traits");
                break;
            case TraitRule trait:
                _sql.Append("EXISTS (SELECT 1 FROM memberships m LEFT JOIN companies c ON c.workspace_id = m.workspace_id AND c.subject_hash = m.company_hash WHERE m.workspace_id = u.workspace_id AND m.user_hash = u.subject_hash AND ");
                AppendTrait(trait, "c.public_traits");
                _sql.Append(')');
                break;
            case PersonalTraitRule personal:
                _sql.Append(personal.Negated ? "NOT " : "")
                    .Append("EXISTS (SELECT 1 FROM blind_index b WHERE b.workspace_id = u.workspace_id AND b.subject_hash = u.subject_hash AND b.term = ")
                    .Append(Parameter(personal.Term)).Append(')');
                break;
            case EventRule e:
                // at_least is 1 or more, so a user without rows did it fewer times: NOT IN holds for them.
                _sql.Append(e.Did ? "" : "NOT ")
                    .Append("u.subject_hash IN (SELECT ec.subject_hash FROM event_counts ec WHERE ec.workspace_id = ").Append(_workspace).Append(" AND ec.name = ")
                    .Append(Parameter(e.Event));
                if (e.WithinDays is { } days)
                {
                    _sql.Append(" AND ec.day >= ").Append(Parameter(SubjectState.FirstDayOfWindow(days, _nowMs)));
                }

                _sql.Append(" GROUP BY ec.subject_hash HAVING SUM(ec.count) >= ").Append(Parameter((long)e.AtLeast)).Append(')');
                break;
            case FirstSeenRule first:
                _sql.Append(first.Within ? "u.created_at >= " : "u.created_at < ").Append(Parameter(SubjectState.DaysAgo(first.Days, _nowMs)));
                break;
            case CompanyRule company:
                _sql.Append(company.InAny ? "" : "NOT ").Append("EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = u.workspace_id AND m.user_hash = u.subject_hash)");
                break;
            default:
                throw new InvalidOperationException("Unknown rule " + rule.GetType().Name);
        }
    }

    private void AppendGroup(RuleGroup group)
    {
        if (group.Rules.IsEmpty)
        {
            _sql.Append(group.MatchAll ? "1 = 1" : "1 = 0");
            return;
        }

        _sql.Append('(');
        for (var i = 0; i < group.Rules.Length; i++)
        {
            if (i > 0)
            {
                _sql.Append(group.MatchAll ? " AND " : " OR ");
            }

            Append(group.Rules[i]);
        }

        _sql.Append(')');
    }

    private void AppendTrait(TraitRule rule, string column)
    {
        // SQLite addresses the key with a JSON path, PostgreSQL with the key itself; both as parameters.
        var key = Parameter(_postgres ? rule.Key : "$.\"" + rule.Key + "\"");
        var type = _postgres ? $"jsonb_typeof({column}::jsonb -> {key})" : $"json_type({column}, {key})";
        var value = _postgres ? $"({column}::jsonb ->> {key})" : $"json_extract({column}, {key})";
        var text = _postgres ? "'string'" : "'text'";
        var isNumber = _postgres ? $"{type} = 'number'" : $"{type} IN ('integer', 'real')";
        var negate = rule.Op is TraitOp.NotEquals or TraitOp.NotExists;
        var test = rule.Op switch
        {
            TraitOp.Exists or TraitOp.NotExists => $"COALESCE({type}, 'null') <> 'null'",
            TraitOp.Equals or TraitOp.NotEquals => rule.Value.Kind switch
            {
                RuleValueKind.Text => $"{type} = {text} AND {value} = {Parameter(rule.Value.Text!)}",
                RuleValueKind.Boolean when _postgres => $"{type} = 'boolean' AND {value} = {Parameter(rule.Value.Flag ? "true" : "false")}",
                RuleValueKind.Boolean => $"{type} = {Parameter(rule.Value.Flag ? "true" : "false")}",
                _ => Numeric(isNumber, value, "=", rule.Value.Number),
            },
            TraitOp.Contains => _postgres
                ? $"{type} = {text} AND strpos({value}, {Parameter(rule.Value.Text!)}) > 0"
                : $"{type} = {text} AND instr({value}, {Parameter(rule.Value.Text!)}) > 0",
            TraitOp.StartsWith => _postgres
                ? $"{type} = {text} AND starts_with({value}, {Parameter(rule.Value.Text!)})"
                : $"{type} = {text} AND substr({value}, 1, length({Parameter(rule.Value.Text!)})) = {Parameter(rule.Value.Text!)}",
            TraitOp.GreaterThan => Numeric(isNumber, value, ">", rule.Value.Number),
            TraitOp.LessThan => Numeric(isNumber, value, "<", rule.Value.Number),
            _ => throw new InvalidOperationException("Unknown operator " + rule.Op),
        };
        _sql.Append(negate ? "NOT " : "").Append("COALESCE(").Append(test).Append(_postgres ? ", FALSE)" : ", 0)");
    }

    private string Numeric(string isNumber, string value, string comparison, decimal number) => _postgres
        // CASE, not AND: PostgreSQL may evaluate either side of an AND first, and a cast of a string would fail.
        ? $"CASE WHEN {isNumber} THEN {value}::numeric {comparison} {Parameter(number)} ELSE FALSE END"
        : $"{isNumber} AND {value} {comparison} {Parameter((double)number)}";

    private string Parameter(object value)
    {
        var name = "@sg" + (_parameters++).ToString(CultureInfo.InvariantCulture);
        _command.AddParameter(name, value);
        return name;
    }
}
