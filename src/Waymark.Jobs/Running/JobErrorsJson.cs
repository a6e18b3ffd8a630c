using System.Text.Json;

namespace Waymark.Jobs.Running;

/// <summary>The <c>errors</c> column: a JSON array of <see cref="JobRowError"/>.</summary>
internal static class JobErrorsJson
{
    public static string? Write(IReadOnlyList<JobRowError> errors) => errors.Count == 0 ? null : JsonSerializer.Serialize(errors);

    public static IReadOnlyList<JobRowError> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<JobRowError>>(json) ?? [];
}
