namespace Waymark.Ingest.Export;

internal enum ExportFormat
{
    Csv,
    Json,
}

internal static class ExportFormats
{
    /// <summary>Reads <c>?format=</c>: <c>csv</c> (the default) or <c>json</c>, in any case.</summary>
    public static bool TryParse(string? value, out ExportFormat format)
    {
        format = string.Equals(value, "json", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Json : ExportFormat.Csv;
        return string.IsNullOrEmpty(value) || string.Equals(value, "csv", StringComparison.OrdinalIgnoreCase) || format == ExportFormat.Json;
    }

    public static string Name(this ExportFormat format) => format == ExportFormat.Json ? "json" : "csv";

    public static string ContentType(this ExportFormat format) => format == ExportFormat.Json ? "application/json" : "text/csv; charset=utf-8";
}
