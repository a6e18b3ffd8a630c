namespace Waymark.Backups.Age;

/// <summary>Why an age file or key was refused, so callers can react without parsing messages.</summary>
public enum AgeFailure
{
    /// <summary>A recipient or identity string is not a valid age X25519 key.</summary>
    MalformedKey,

    /// <summary>The header is not an age v1 header (wrong format or a corrupted file).</summary>
    MalformedHeader,

    /// <summary>None of the given identities can unwrap the file key.</summary>
    NoMatchingIdentity,

    /// <summary>The header MAC does not match: the header was changed after encryption.</summary>
    HeaderTampered,

    /// <summary>A payload chunk does not authenticate: the payload was changed or cut.</summary>
    PayloadDamaged,

    /// <summary>The payload ends before its final chunk: the file was cut short.</summary>
    PayloadTruncated,
}
