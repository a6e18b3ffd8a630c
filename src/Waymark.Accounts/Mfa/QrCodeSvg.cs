using System.Globalization;
using System.Net;
using System.Text;
using QRCoder;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// A QR code as an inline SVG element: one path of unit squares over a white square, drawn with presentation
/// attributes only, since the dashboard's Content-Security-Policy blocks <c>style</c> attributes.
/// </summary>
internal static class QrCodeSvg
{
    public static string Render(string text, string label)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            // One rectangle per run of dark modules in a row keeps the markup a few kilobytes.
            for (var x = 0; x < size; x++)
            {
                if (!matrix[y][x])
                {
                    continue;
                }

                var start = x;
                while (x + 1 < size && matrix[y][x + 1])
                {
                    x++;
                }

                var run = x - start + 1;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{run}v1h-{run}z");
            }
        }

        return $"""<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 {size} {size}" width="{size * 5}" height="{size * 5}" role="img" aria-label="{WebUtility.HtmlEncode(label)}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>""";
    }
}
