using System.Text;
using OtpNet;
using Waymark.Accounts.Mfa;
using Waymark.TestSupport.Mfa;

namespace Waymark.Accounts.Tests.Mfa;

/// <summary>The code computation the authenticator provider uses, against RFC 6238 and against oathtool.</summary>
public sealed class TotpCodeTests
{
    private const string Sha1Seed = "12345678901234567890";
    private const string Sha256Seed = "12345678901234567890123456789012";
    private const string Sha512Seed = "1234567890123456789012345678901234567890123456789012345678901234";

    /// <summary>RFC 6238 Appendix B: time, the three modes' seeds (ASCII), and the expected 8-digit codes.</summary>
    public static TheoryData<long, string, string, string> Rfc6238Vectors => new()
    {
        { 59, "94287082", "46119246", "90693936" },
        { 1111111109, "07081804", "68084774", "25091201" },
        { 1111111111, "14050471", "67062674", "99943326" },
        { 1234567890, "89005924", "91819424", "93441116" },
        { 2000000000, "69279037", "90698825", "38618901" },
        { 20000000000, "65353130", "77737706", "47863826" },
    };

    [Theory]
    [MemberData(nameof(Rfc6238Vectors))]
    public void Code_MatchesRfc6238TestVector(long unixSeconds, string sha1, string sha256, string sha512)
    {
        var step = TotpCode.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(sha1, TotpCode.Compute(Encoding.ASCII.GetBytes(Sha1Seed), step, OtpHashMode.Sha1, 8));
        Assert.Equal(sha256, TotpCode.Compute(Encoding.ASCII.GetBytes(Sha256Seed), step, OtpHashMode.Sha256, 8));
        Assert.Equal(sha512, TotpCode.Compute(Encoding.ASCII.GetBytes(Sha512Seed), step, OtpHashMode.Sha512, 8));
    }

    [Theory]
    [InlineData(59L)]
    [InlineData(1111111109L)]
    [InlineData(1234567890L)]
    [InlineData(2000000000L)]
    public async Task Code_MatchesOathtool_ForEachModeAndLength(long unixSeconds)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var step = TotpCode.StepAt(at);
        foreach (var (seed, mode, name) in new[] { (Sha1Seed, OtpHashMode.Sha1, "sha1"), (Sha256Seed, OtpHashMode.Sha256, "sha256"), (Sha512Seed, OtpHashMode.Sha512, "sha512") })
        {
            var secret = Encoding.ASCII.GetBytes(seed);
            foreach (var digits in new[] { 6, 8 })
            {
                Assert.Equal(await Oathtool.TotpHexAsync(Convert.ToHexString(secret), name, digits, at), TotpCode.Compute(secret, step, mode, digits));
            }
        }
    }

    [Fact]
    public async Task Match_AcceptsOathtoolCodesOfTheWindow_AndNothingOutsideIt()
    {
        var key = Base32Encoding.ToString(Encoding.ASCII.GetBytes(Sha1Seed));
        var secret = Base32Encoding.ToBytes(key);
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var current = TotpCode.StepAt(now);

        Assert.Equal(current, TotpCode.Match(secret, await Oathtool.TotpAsync(key, now), current, 0));
        Assert.Equal(current - 1, TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(-30)), current, 0));
        Assert.Equal(current + 1, TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(30)), current, 0));
        Assert.Null(TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(-60)), current, 0));
        Assert.Null(TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(60)), current, 0));
    }

    [Fact]
    public async Task Match_RefusesACodeOfAStepAlreadyAccepted()
    {
        var key = Base32Encoding.ToString(Encoding.ASCII.GetBytes(Sha1Seed));
        var secret = Base32Encoding.ToBytes(key);
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var current = TotpCode.StepAt(now);
        var code = await Oathtool.TotpAsync(key, now);

        Assert.Null(TotpCode.Match(secret, code, current, lastAcceptedStep: current));
        Assert.Null(TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(-30)), current, lastAcceptedStep: current));
        Assert.Equal(current + 1, TotpCode.Match(secret, await Oathtool.TotpAsync(key, now.AddSeconds(30)), current, lastAcceptedStep: current));
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("12345a", null)]
    [InlineData("١٢٣٤٥٦", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_KeepsSixAsciiDigits_AndRefusesAnythingElse(string? typed, string? expected) =>
        Assert.Equal(expected, TotpCode.Normalize(typed));
}
