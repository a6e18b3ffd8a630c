using System.Text.Encodings.Web;
using System.Text.Json;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>How a stored definition reads on the versions page: indented, and escaped by the page rather than by JSON.</summary>
internal static class DefinitionDisplay
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
