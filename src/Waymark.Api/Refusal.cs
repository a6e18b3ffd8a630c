using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Waymark.Api;

/// <summary>
/// Why a domain operation did not happen, in a form that both the API (as problem+json) and the dashboard (as a
/// message beside the form) can show. The detail says what to do next and never echoes submitted values.
/// </summary>
public sealed record Refusal(int Status, string Type, string Title, string Detail)
{
    public static Refusal Invalid(string type, string title, string detail) => new(StatusCodes.Status400BadRequest, type, title, detail);

    public static Refusal NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "not-found", $"{what} not found", $"No {what.ToLowerInvariant()} with this id exists in this workspace. Check the id.");

    public static Refusal Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "forbidden", "Permission denied", detail);

    public static Refusal Conflict(string type, string title, string detail) => new(StatusCodes.Status409Conflict, type, title, detail);

    public ProblemHttpResult ToProblem() => Problems.Create(Status, Type, Title, Detail);
}

/// <summary>The value of an operation that succeeded, or why it did not.</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
