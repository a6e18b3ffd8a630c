using System.Text;
using Waymark.Api;

namespace Waymark.Experiences.Surveys;

/// <summary>A CSV document built row by row; each cell goes through <see cref="CsvCell"/> (answer text is typed by end users).</summary>
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

            _text.Append(CsvCell.Of(cells[i]));
        }

        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();
}
