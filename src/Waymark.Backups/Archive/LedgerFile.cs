using System.Globalization;
using System.Text;
using Waymark.Backups.Age;
using Waymark.Ingest.Deletion;

namespace Waymark.Backups.Archive;

/// <summary>
/// The deletion ledger as of a backup, stored encrypted beside it (<c>{id}.ledger.age</c>): one line per deletion,
/// <c>workspace,subject-hash-hex,kind,deleted-at-ms</c>. A restore of an older backup reads the ledgers of every newer one,
/// so a person deleted since is deleted again even when the live database is gone.
/// </summary>
internal static class LedgerFile
{
    private const string Header = "# waymark deletion ledger v1: workspace_id,subject_hash,kind,deleted_at_ms";

    public static byte[] Encode(IReadOnlyList<DeletionLedgerEntry> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.WorkspaceId},{Convert.ToHexStringLower(e.SubjectHash)},{e.Kind},{e.DeletedAt}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static IReadOnlyList<DeletionLedgerEntry> Decode(byte[] bytes)
    {
        var entries = new List<DeletionLedgerEntry>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 4
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspace)
                || parts[1].Length != 32
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var kind)
                || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var deletedAt))
            {
                throw new BackupException("A stored deletion ledger has a malformed line; use the ledger of another location.");
            }

            entries.Add(new DeletionLedgerEntry(workspace, Convert.FromHexString(parts[1]), kind, deletedAt));
        }

        return entries;
    }

    public static async Task<byte[]> EncryptAsync(IReadOnlyList<DeletionLedgerEntry> entries, IReadOnlyCollection<AgeRecipient> recipients, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        await AgeFile.EncryptAsync(new MemoryStream(Encode(entries)), output, recipients, cancellationToken);
        return output.ToArray();
    }

    public static async Task<IReadOnlyList<DeletionLedgerEntry>> DecryptAsync(Stream input, IReadOnlyCollection<AgeIdentity> identities, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        await AgeFile.DecryptAsync(input, output, identities, cancellationToken);
        return Decode(output.ToArray());
    }
}
