using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waymark.Audit.Chain;

/// <summary>
/// Each chain's last seq and hash at one moment, written by <c>waymark audit export-head</c>. Kept away from the
/// database, it is what reveals entries removed from the end of a chain: the chain alone cannot show what was never
/// followed by anything.
/// </summary>
internal sealed record HeadsFile(
    [property: JsonPropertyName("exportedAt")] DateTimeOffset ExportedAt,
    [property: JsonPropertyName("heads")] IReadOnlyList<ExportedHead> Heads)
{
    public const string DefaultFileName = "audit-heads.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [JsonIgnore]
    public string ExportedAtText => ExportedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Reads a heads file; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static async Task<HeadsFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        HeadsFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync<HeadsFile>(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not an audit heads file ({exception.Message}).", exception);
        }

        if (file?.Heads is null || file.Heads.Any(h => h is null || h.WorkspaceId < 0 || h.Seq < 0 || !IsHash(h.Hash)))
        {
            throw new InvalidDataException($"{path} is not an audit heads file: it needs \"exportedAt\" and \"heads\" with a workspaceId, seq and 64-digit hex hash each.");
        }

        return file;
    }

    /// <summary>Writes the file whole or not at all: a crash mid-write must not destroy the previous export.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, this, Indented, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
    }

    private static bool IsHash(string? hex) => hex is { Length: AuditHash.Size * 2 } && hex.All(char.IsAsciiHexDigit);
}

internal sealed record ExportedHead(
    [property: JsonPropertyName("workspace")] string Workspace,
    [property: JsonPropertyName("workspaceId")] long WorkspaceId,
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash)
{
    [JsonIgnore]
    public byte[] HashBytes => Convert.FromHexString(Hash);
}
