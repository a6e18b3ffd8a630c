using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Waymark.Crypto.DataProtection;

/// <summary>
/// Makes and seals a workspace's signing secrets: secrets Waymark must read back to sign or check signatures, so they
/// cannot be hashed. Sealed with Data Protection, whose key ring lives in the database encrypted with the master key,
/// so a copy of the database alone forges nothing. The purpose and the workspace id are both part of the protector,
/// so a sealed secret neither opens for another use nor when copied to another workspace.
/// </summary>
public sealed class WorkspaceSecrets(IDataProtectionProvider provider)
{
    /// <summary>A new secret: <paramref name="prefix"/> and 32 random bytes in base64url.</summary>
    public static string New(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public byte[] Seal(string purpose, long workspaceId, string secret) => Protector(purpose, workspaceId).Protect(Encoding.UTF8.GetBytes(secret));

    public string Open(string purpose, long workspaceId, byte[] sealedSecret) => Encoding.UTF8.GetString(Protector(purpose, workspaceId).Unprotect(sealedSecret));

    private IDataProtector Protector(string purpose, long workspaceId) => provider.CreateProtector(purpose, workspaceId.ToString(CultureInfo.InvariantCulture));
}
