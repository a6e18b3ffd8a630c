using Waymark.Backups.Age;

namespace Waymark.Backups.Tests.Age;

public sealed class AgeKeyTests
{
    // The identity of age's own test kit (filippo.io/age internal/testkit); its recipient as age-keygen -y prints it.
    private const string TestKitIdentity = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
    private const string TestKitRecipient = "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef";

    [Fact]
    public void Identity_FromAgesTestKit_HasTheRecipientAgeKeygenPrints()
    {
        var identity = AgeIdentity.Parse(TestKitIdentity);

        Assert.Equal(TestKitRecipient, identity.Recipient.ToString());
        Assert.Equal(TestKitIdentity, identity.ToSecretKeyString());
    }

    [Fact]
    public void Recipient_ParsedAndFormatted_RoundTrips()
    {
        Assert.Equal(TestKitRecipient, AgeRecipient.Parse(TestKitRecipient).ToString());
    }

    [Fact]
    public void GeneratedIdentity_ParsedAndFormatted_RoundTrips()
    {
        var identity = AgeIdentity.Generate();

        var parsed = AgeIdentity.Parse(identity.ToSecretKeyString());

        Assert.StartsWith("AGE-SECRET-KEY-1", identity.ToSecretKeyString(), StringComparison.Ordinal);
        Assert.StartsWith("age1", identity.Recipient.ToString(), StringComparison.Ordinal);
        Assert.Equal(identity.ToSecretKeyString(), parsed.ToSecretKeyString());
        Assert.Equal(identity.Recipient.ToString(), parsed.Recipient.ToString());
    }

    [Fact]
    public void Identity_ToString_IsItsRecipientNotTheSecret()
    {
        Assert.Equal(TestKitRecipient, AgeIdentity.Parse(TestKitIdentity).ToString());
    }

    [Theory]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeg")]
    [InlineData("AGE1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4Q47RYEF")]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeF")]
    [InlineData("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")]
    [InlineData("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0")]
    [InlineData("")]
    public void Recipient_ThatIsNotAnAgeX25519Key_IsRefused(string text)
    {
        var refusal = Assert.Throws<AgeException>(() => AgeRecipient.Parse(text));

        Assert.Equal(AgeFailure.MalformedKey, refusal.Failure);
    }

    [Theory]
    [InlineData("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM1")]
    [InlineData("age-secret-key-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0")]
    [InlineData(TestKitRecipient)]
    public void Identity_ThatIsNotAnAgeX25519SecretKey_IsRefused(string text)
    {
        var refusal = Assert.Throws<AgeException>(() => AgeIdentity.Parse(text));

        Assert.Equal(AgeFailure.MalformedKey, refusal.Failure);
    }

    // Valid and invalid strings from BIP 173's test vectors.
    [Theory]
    [InlineData("A12UEL5L", "a", 0)]
    [InlineData("a12uel5l", "a", 0)]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "abcdef", 20)]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "split", 30)]
    public void Bech32_Bip173ValidVector_Decodes(string text, string hrp, int length)
    {
        Assert.True(Bech32.TryDecode(text, out var decodedHrp, out var data));

        Assert.Equal(hrp, decodedHrp);
        Assert.Equal(length, data.Length);
    }

    [Theory]
    [InlineData("pzry9x0s0muk")]
    [InlineData("1pzry9x0s0muk")]
    [InlineData("x1b4n0q5v")]
    [InlineData("A1G7SGD8")]
    [InlineData("li1dgmt3")]
    [InlineData("A12uEL5L")]
    public void Bech32_Bip173InvalidVector_IsRefused(string text)
    {
        Assert.False(Bech32.TryDecode(text, out _, out _));
    }

    [Fact]
    public void Bech32_Encode_MatchesBip173Vector()
    {
        Assert.True(Bech32.TryDecode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", out _, out var data));

        Assert.Equal("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", Bech32.Encode("abcdef", data));
    }
}
