using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Waymark.Api;

/// <summary>
/// The one factory for RFC 9457 problem+json answers. Each problem has a stable type URI, a title,
/// and a detail that says what to do next. Details never echo submitted values (they may be personal).
/// </summary>
public static class Problems
{
    private const string TypeBase = "https://waymark.dev/problems/";

    public static ProblemHttpResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeBase + type,
            Title = title,
            Detail = detail,
        };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult BadRequest(string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, type, title, detail, extensions);

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "not-found", $"{what} not found", $"No {what.ToLowerInvariant()} with this id exists in this workspace. Check the id, and that the key belongs to the right workspace.");
}
