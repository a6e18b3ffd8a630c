using System.Text.Json;

namespace Waymark.Ingest.Export;

/// <summary>One property, trait or context entry of an event; a masked one is PHI withheld from a caller without <c>phi:read</c>.</summary>
internal readonly record struct ExportValue(string Key, JsonElement Value, bool Masked);
