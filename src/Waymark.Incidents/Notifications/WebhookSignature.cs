using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// The <c>Waymark-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>.
/// The timestamp is inside the signed text, so a receiver that refuses old timestamps cannot be fed a replayed event.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "Waymark-Signature";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }
}
