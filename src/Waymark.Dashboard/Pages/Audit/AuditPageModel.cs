using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Audit;

/// <summary>
/// The filters the audit page and its export share, read from the query string under the same names as the audit
/// API's (<c>action</c>, <c>actor</c>, <c>outcome</c>, <c>from</c>, <c>to</c>), so a filtered page can be exported as is.
/// </summary>
public abstract class AuditPageModel : WorkspacePageModel
{
    private const int MaxAction = 100;
    private const int MaxActor = 200;

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    /// <summary>The last day shown, inclusive: people pick days, while the query takes an exclusive end.</summary>
    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    public string? FromText => From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string? ToText => To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The filter the form describes, or null when a field is invalid (the errors are in the model state).</summary>
    protected AuditFilter? ReadFilter()
    {
        Action = Blank(Action);
        Actor = Blank(Actor);
        Outcome = Blank(Outcome);
        if (Action is { Length: > MaxAction })
        {
            ModelState.AddModelError("action", $"An action is at most {MaxAction} characters.");
        }

        if (Actor is { Length: > MaxActor })
        {
            ModelState.AddModelError("actor", $"An actor id is at most {MaxActor} characters.");
        }

        AuditOutcome? outcome = null;
        if (Outcome is not null)
        {
            if (AuditNames.TryParseOutcome(Outcome, out var parsed))
            {
                outcome = parsed;
            }
            else
            {
                ModelState.AddModelError("outcome", "Choose success, denied or failure.");
            }
        }

        if (From is { } from && To is { } to && from > to)
        {
            ModelState.AddModelError("from", "The first day must not be after the last day.");
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        return new AuditFilter(
            Action: Action,
            ActorId: Actor,
            Outcome: outcome,
            From: From is { } start ? new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            To: To is { } end ? new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);
    }

    /// <summary>The current filters as a query string, plus <paramref name="extra"/> (a cursor, a format).</summary>
    public string FilterQuery(params (string Name, string? Value)[] extra)
    {
        var query = new QueryBuilder();
        Add("action", Action);
        Add("actor", Actor);
        Add("outcome", Outcome);
        Add("from", FromText);
        Add("to", ToText);
        foreach (var (name, value) in extra)
        {
            Add(name, value);
        }

        return query.ToQueryString().Value ?? "";

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
