using Microsoft.Extensions.Options;
using Waymark.Backups.Age;

namespace Waymark.Backups.Encryption;

/// <summary>The age recipients every backup is encrypted to, from <c>Waymark:Backups:Recipients</c> and <c>RecipientsFile</c>.</summary>
internal sealed class BackupRecipients(IOptions<BackupOptions> options)
{
    public bool Configured => options.Value.Recipients.Count > 0 || !string.IsNullOrWhiteSpace(options.Value.RecipientsFile);

    public async Task<IReadOnlyList<AgeRecipient>> ReadAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        var recipients = new List<AgeRecipient>();
        foreach (var (text, i) in value.Recipients.Select((r, i) => (r, i)))
        {
            try
            {
                recipients.Add(AgeRecipient.Parse(text.Trim()));
            }
            catch (AgeException e)
            {
                throw new BackupException($"Waymark:Backups:Recipients:{i} is not an age recipient: {e.Message}", e);
            }
        }

        if (!string.IsNullOrWhiteSpace(value.RecipientsFile))
        {
            try
            {
                recipients.AddRange(await AgeRecipient.ReadFileAsync(value.RecipientsFile, cancellationToken));
            }
            catch (Exception e) when (e is AgeException or IOException or UnauthorizedAccessException)
            {
                throw new BackupException($"Could not read the recipients file {value.RecipientsFile} (Waymark:Backups:RecipientsFile): {e.Message}", e);
            }
        }

        if (recipients.Count == 0)
        {
            throw new BackupException(
                "No backup recipients are configured. Create a key pair with 'waymark backup keygen --out backup-identity.txt', keep the identity file offline, and set Waymark:Backups:Recipients to the public key it prints.");
        }

        return recipients;
    }
}
