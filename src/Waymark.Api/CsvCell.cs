using System.Globalization;

namespace Waymark.Api;

/// <summary>
/// One CSV cell per RFC 4180, safe to open in a spreadsheet: a value that a spreadsheet would run as a formula
/// (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote, since exported text (an id, a
/// name, a note, a survey answer) may come from anyone. A plain number (an NPS of -20) is data, not a formula, and
/// stays as it is.
/// </summary>
public static class CsvCell
{
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
