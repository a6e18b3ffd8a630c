namespace Waymark.Crypto.MasterKeys;

/// <summary>Where the master key comes from; bound from the <c>Waymark</c> section.</summary>
public sealed class MasterKeyOptions
{
    /// <summary>Base64 of 32 bytes, for example from <c>WAYMARK_Waymark__MasterKey</c>; wins over the file.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Path of the key file; defaults to <c>master.key</c> in the data directory.</summary>
    public string? MasterKeyFile { get; set; }
}
