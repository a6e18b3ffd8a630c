using Waymark.Crypto.DataProtection;

namespace Waymark.Ingest.IdentityVerification;

/// <summary>
/// Identity verification secrets. The secret itself is needed to check signatures, so it cannot be hashed; it is
/// sealed for its workspace (see <see cref="WorkspaceSecrets"/>).
/// </summary>
internal sealed class IdentitySecrets(WorkspaceSecrets secrets)
{
    private const string Purpose = "Waymark.Ingest.IdentitySecret.v1";

    public static string NewSecret() => WorkspaceSecrets.New("ivs_");

    public byte[] Seal(long workspaceId, string secret) => secrets.Seal(Purpose, workspaceId, secret);

    public string Open(long workspaceId, byte[] sealedSecret) => secrets.Open(Purpose, workspaceId, sealedSecret);
}
