namespace Waymark.Ingest.Export;

internal enum ExportFormat
{
    Csv,
    Json,
}

internal static class ExportFormats
{
    public static bool TryParse(string? value, out ExportFormat format)
    {
        switch (value)
        {
            case null or "" or "csv":
                format = ExportFormat.Csv;
                return true;
            case "json":
                format = ExportFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string Name(this ExportFormat format) => format == ExportFormat.Json ? "json" : "csv";

    public static string ContentType(this ExportFormat format) => format == ExportFormat.Json ? "application/json" : "text/csv; charset=utf-8";
}
