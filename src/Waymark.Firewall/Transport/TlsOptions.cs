namespace Waymark.Firewall.Transport;

/// <summary>
/// The certificate Kestrel serves HTTPS with (<c>Waymark:Tls</c>): a PEM certificate and key, or a PKCS#12 file with its
/// password. Unset: Waymark speaks plain HTTP and expects a reverse proxy in front to terminate TLS.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Waymark:Tls";

    /// <summary>A PEM certificate (chain) or a PKCS#12 (<c>.pfx</c>, <c>.p12</c>) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when <see cref="CertificatePath"/> is PEM.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's if it is encrypted.</summary>
    public string? Password { get; set; }

    /// <summary>How long browsers keep to HTTPS once they have seen the HSTS header.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
