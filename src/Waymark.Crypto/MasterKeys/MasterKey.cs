using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Storage;

namespace Waymark.Crypto.MasterKeys;

/// <summary>
/// The root of the key hierarchy. It lives outside the database (a 0600 file or the environment),
/// so a copy of the database or of a backup alone reveals nothing.
/// </summary>
public sealed class MasterKey
{
    private readonly Lazy<byte[]> _key;
    private readonly bool _inline;

    public MasterKey(IOptions<MasterKeyOptions> options, WaymarkDatabase database, ILogger<MasterKey> logger)
    {
        var value = options.Value;
        KeyFile = value.MasterKeyFile ?? Path.Combine(database.DataDirectory, "master.key");
        _inline = !string.IsNullOrWhiteSpace(value.MasterKey);
        _key = new Lazy<byte[]>(() => Load(value.MasterKey, logger));
    }

    /// <summary>Whether a key is there to load (configured, or its file exists); when false, loading it would generate a new one.</summary>
    public bool Exists => _inline || _key.IsValueCreated || File.Exists(KeyFile);

    public string KeyFile { get; }

    /// <summary>True when this process generated the key file (first start).</summary>
    public bool CreatedByThisProcess { get; private set; }

    internal ReadOnlySpan<byte> Bytes => _key.Value;

    /// <summary>
    /// Names the key without revealing it (16 hex digits of an HMAC under the key), so a backup can record which key its
    /// data is sealed under and a restore can refuse a data directory holding a different one.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, "waymark/master-key-fingerprint/v1"u8)[..8]);

    /// <summary>Loads the key now, creating the file on first start, so a problem shows at start-up rather than on the first request.</summary>
    public void EnsureLoaded() => _ = _key.Value;

    private byte[] Load(string? inline, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(inline))
        {
            return Decode(inline, "the Waymark:MasterKey setting");
        }

        if (File.Exists(KeyFile))
        {
            return Decode(File.ReadAllText(KeyFile).Trim(), KeyFile);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(KeyFile))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(KeyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(key));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        CreatedByThisProcess = true;
        logger.LogWarning(
            "Generated a new master key at {KeyFile}. Back it up somewhere safe and apart from the data: without it every encrypted value in this installation is lost for good.",
            KeyFile);
        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The master key in {source} is not valid base64. Restore the original key; a new one cannot read existing data.");
        }

        if (key.Length != 32)
        {
            throw new InvalidOperationException($"The master key in {source} must be 32 bytes; it is {key.Length}.");
        }

        return key;
    }
}
