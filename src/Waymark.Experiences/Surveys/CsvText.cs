using System.Text;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// RFC 4180 CSV. Answer text is typed by end users and opened in spreadsheets, so a cell that a spreadsheet would run
/// as a formula (leading <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) is prefixed with a quote mark.
/// </summary>
internal sealed class CsvText
{
    private readonly StringBuilder _text = new();

    public CsvText(params string[] header) => Row(header);

    public CsvText Row(params string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Cell(cells[i] ?? ""));
        }

        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool IsNumber(string value) => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
