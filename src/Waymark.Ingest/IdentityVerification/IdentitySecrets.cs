using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Waymark.Ingest.IdentityVerification;

/// <summary>
/// Makes and seals identity verification secrets. The secret itself is needed to check signatures, so it cannot be
/// hashed; it is sealed with Data Protection (key ring encrypted with the master key) for this workspace only.
/// </summary>
internal sealed class IdentitySecrets(IDataProtectionProvider provider)
{
    private const string Purpose = "Waymark.Ingest.IdentitySecret.v1";

    public static string NewSecret() => "ivs_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public byte[] Seal(long workspaceId, string secret) => Protector(workspaceId).Protect(Encoding.UTF8.GetBytes(secret));

    public string Open(long workspaceId, byte[] sealedSecret) => Encoding.UTF8.GetString(Protector(workspaceId).Unprotect(sealedSecret));

    private IDataProtector Protector(long workspaceId) => provider.CreateProtector(Purpose, workspaceId.ToString(CultureInfo.InvariantCulture));
}
