using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// Makes and seals webhook signing secrets. Sealed with Data Protection, whose key ring lives in the database encrypted
/// with the master key (as the SSO client secrets are), so a copy of the database alone does not let anyone forge
/// events. The workspace id is part of the purpose, so a sealed secret copied to another workspace does not open.
/// </summary>
internal sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private const string Purpose = "Waymark.Incidents.WebhookSecret.v1";

    public static string NewSecret() => "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public byte[] Seal(long workspaceId, string secret) => Protector(workspaceId).Protect(Encoding.UTF8.GetBytes(secret));

    public string Open(long workspaceId, byte[] sealedSecret) => Encoding.UTF8.GetString(Protector(workspaceId).Unprotect(sealedSecret));

    private IDataProtector Protector(long workspaceId) => provider.CreateProtector(Purpose, workspaceId.ToString(CultureInfo.InvariantCulture));
}
