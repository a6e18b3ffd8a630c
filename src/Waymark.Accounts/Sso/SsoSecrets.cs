using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Waymark.Accounts.Sso;

/// <summary>
/// Seals a connection's client secret at rest with Data Protection, whose key ring lives in the database encrypted with
/// the master key and is shared by every app node; a copy of the database alone therefore does not reveal the secret.
/// The workspace id is part of the purpose, so a sealed secret copied into another workspace's row does not open.
/// </summary>
internal sealed class SsoSecrets(IDataProtectionProvider provider)
{
    private const string Purpose = "Waymark.Accounts.Sso.ClientSecret.v1";

    public byte[] Seal(long workspaceId, string secret) => Protector(workspaceId).Protect(Encoding.UTF8.GetBytes(secret));

    public string Open(long workspaceId, byte[] sealedSecret) => Encoding.UTF8.GetString(Protector(workspaceId).Unprotect(sealedSecret));

    private IDataProtector Protector(long workspaceId) => provider.CreateProtector(Purpose, workspaceId.ToString(CultureInfo.InvariantCulture));
}
