using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.MasterKeys;
using Waymark.Crypto.Sealing;

namespace Waymark.Crypto.DataProtection;

/// <summary>
/// Encrypts Data Protection key material with the master key (AES-256-GCM), the same root as every other key here.
/// Hand-written because Data Protection ships encryptors only for certificates, Windows DPAPI and Azure Key Vault.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey masterKey) : IXmlEncryptor
{
    internal static readonly byte[] Purpose = "waymark:data-protection-key"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedValue = Aead.Seal(masterKey.Bytes, Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Purpose);
        var element = new XElement("encryptedKey", new XComment(" Encrypted with the Waymark master key "), new XElement("value", Convert.ToBase64String(sealedValue)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="MasterKeyXmlEncryptor"/> wrote; Data Protection creates it by type with the service provider.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetRequiredService<MasterKey>();
        var sealedValue = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? throw new FormatException("The encrypted Data Protection key has no value."));
        return XElement.Parse(Encoding.UTF8.GetString(Aead.Open(masterKey.Bytes, sealedValue, MasterKeyXmlEncryptor.Purpose)));
    }
}
