using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Waymark.Firewall.Transport;

/// <summary>Loads the configured certificate once, at start-up, with an error that says which setting to fix.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(TlsOptions options)
    {
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The TLS certificate {path} does not exist. Set Waymark:Tls:CertificatePath (WAYMARK_TLS__CERTIFICATEPATH) to a PEM or .pfx file, or unset it to serve plain HTTP behind a proxy.");
        }

        try
        {
            var extension = Path.GetExtension(path);
            if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, options.Password);
            }

            if (string.IsNullOrWhiteSpace(options.KeyPath) || !File.Exists(options.KeyPath))
            {
                throw new InvalidOperationException($"The TLS certificate {path} is PEM, so its private key is needed too: set Waymark:Tls:KeyPath (WAYMARK_TLS__KEYPATH) to the key file.");
            }

            return string.IsNullOrEmpty(options.Password)
                ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.Password, options.KeyPath);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"The TLS certificate {path} could not be read ({exception.Message}). Check that the certificate, key and password belong together.", exception);
        }
    }
}
