using Waymark.Crypto.DataProtection;

namespace Waymark.Incidents.Notifications;

/// <summary>Webhook signing secrets, sealed for their workspace (see <see cref="WorkspaceSecrets"/>).</summary>
internal sealed class WebhookSecrets(WorkspaceSecrets secrets)
{
    private const string Purpose = "Waymark.Incidents.WebhookSecret.v1";

    public static string NewSecret() => WorkspaceSecrets.New("whsec_");

    public byte[] Seal(long workspaceId, string secret) => secrets.Seal(Purpose, workspaceId, secret);

    public string Open(long workspaceId, byte[] sealedSecret) => secrets.Open(Purpose, workspaceId, sealedSecret);
}
