using System.Security.Cryptography;
using System.Text;
using Waymark.Crypto.Keys;
using Waymark.Crypto.Sealing;

namespace Waymark.Crypto.Tests;

public sealed class SealingTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Seal_ThenOpen_ReturnsThePlaintext()
    {
        var sealedValue = Aead.Seal(Key, "hello"u8, "subject-a"u8);
        Assert.Equal("hello", Encoding.UTF8.GetString(Aead.Open(Key, sealedValue, "subject-a"u8)));
        Assert.Equal(Aead.Overhead + 5, sealedValue.Length);
    }

    [Fact]
    public void Seal_TheSameValueTwice_GivesDifferentCiphertexts()
    {
        Assert.NotEqual(Aead.Seal(Key, "same"u8, []), Aead.Seal(Key, "same"u8, []));
    }

    [Fact]
    public void Open_BoundToAnotherSubject_Fails()
    {
        var sealedValue = Aead.Seal(Key, "secret"u8, "subject-a"u8);
        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(Key, sealedValue, "subject-b"u8));
    }

    [Fact]
    public void Open_TamperedValue_Fails()
    {
        var sealedValue = Aead.Seal(Key, "secret"u8, []);
        sealedValue[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(Key, sealedValue, []));
    }

    [Fact]
    public void Open_WithAnotherKey_Fails()
    {
        var sealedValue = Aead.Seal(Key, "secret"u8, []);
        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(RandomNumberGenerator.GetBytes(32), sealedValue, []));
    }

    [Fact]
    public void BlindIndexTerm_IgnoresCaseAndSurroundingSpaces_AndDependsOnTheWorkspaceKey()
    {
        var workspace = new WorkspaceKeys(1, RandomNumberGenerator.GetBytes(32));
        var other = new WorkspaceKeys(1, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(workspace.BlindIndexTerm("email", "Ada@Example.test"), workspace.BlindIndexTerm("email", " ada@example.TEST "));
        Assert.NotEqual(workspace.BlindIndexTerm("email", "ada@example.test"), workspace.BlindIndexTerm("name", "ada@example.test"));
        Assert.NotEqual(workspace.BlindIndexTerm("email", "ada@example.test"), other.BlindIndexTerm("email", "ada@example.test"));
    }

    [Fact]
    public void SubjectHash_DependsOnKindAndWorkspace()
    {
        var workspace = new WorkspaceKeys(1, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(workspace.HashSubject(SubjectKind.User, "42"), workspace.HashSubject(SubjectKind.User, "42"));
        Assert.NotEqual(workspace.HashSubject(SubjectKind.User, "42"), workspace.HashSubject(SubjectKind.Company, "42"));
        Assert.NotEqual(workspace.HashSubject(SubjectKind.User, "42"), new WorkspaceKeys(1, RandomNumberGenerator.GetBytes(32)).HashSubject(SubjectKind.User, "42"));
    }
}
