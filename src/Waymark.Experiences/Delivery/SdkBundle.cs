using System.IO.Compression;
using System.Security.Cryptography;

namespace Waymark.Experiences.Delivery;

/// <summary>
/// The browser SDK this build embeds, with what serving it needs: its content hash (the versioned file name and the
/// ETag), its subresource-integrity value and a gzipped copy made once.
/// </summary>
internal sealed class SdkBundle
{
    private SdkBundle(byte[] script)
    {
        Script = script;
        var digest = SHA384.HashData(script);
        Hash = Convert.ToHexStringLower(digest)[..16];
        Integrity = "sha384-" + Convert.ToBase64String(digest);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(script);
        }

        Gzipped = buffer.ToArray();
    }

    public byte[] Script { get; }

    public byte[] Gzipped { get; }

    /// <summary>The first 16 hex digits of the SHA-384 of the script: names the immutable file <c>/sdk/waymark.{Hash}.js</c>.</summary>
    public string Hash { get; }

    public string Integrity { get; }

    public string VersionedPath => $"/sdk/waymark.{Hash}.js";

    public static SdkBundle Load()
    {
        using var stream = typeof(SdkBundle).Assembly.GetManifestResourceStream("waymark.js")
            ?? throw new InvalidOperationException("The browser SDK is not embedded in this build: build sdk/ (npm ci && npm run build) and rebuild.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new SdkBundle(copy.ToArray());
    }
}
