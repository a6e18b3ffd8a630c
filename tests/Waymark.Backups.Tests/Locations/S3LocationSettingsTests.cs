using Waymark.Backups.Locations;

namespace Waymark.Backups.Tests.Locations;

/// <summary>An S3 location refuses incomplete settings when it is created, naming the configuration key to set.</summary>
public sealed class S3LocationSettingsTests
{
    [Theory]
    [InlineData(nameof(BackupLocationOptions.Endpoint))]
    [InlineData(nameof(BackupLocationOptions.Bucket))]
    [InlineData(nameof(BackupLocationOptions.AccessKeyId))]
    [InlineData(nameof(BackupLocationOptions.SecretAccessKey))]
    public void Create_WithoutRequiredSetting_NamesItsKey(string setting)
    {
        var options = CompleteOptions();
        typeof(BackupLocationOptions).GetProperty(setting)!.SetValue(options, " ");

        var error = Assert.Throws<BackupLocationException>(() => new S3Location("offsite", options));

        Assert.Contains($"Waymark:Backups:Locations:offsite:{setting}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret-key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minio.internal:9000")]
    [InlineData("ftp://minio.internal")]
    public void Create_WithEndpointThatIsNotAnHttpUrl_NamesTheEndpointKey(string endpoint)
    {
        var options = CompleteOptions();
        options.Endpoint = endpoint;

        var error = Assert.Throws<BackupLocationException>(() => new S3Location("offsite", options));

        Assert.Contains("Waymark:Backups:Locations:offsite:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WithoutPrefix_NamesBucketAndEndpoint_ButNoUserInfo()
    {
        var options = CompleteOptions();
        options.Endpoint = "https://someone:password@s3.example.com/";

        using var location = new S3Location("offsite", options);

        Assert.Equal("s3 backups at https://s3.example.com", location.Describe());
    }

    [Fact]
    public void Create_WithPartSizeBelowTheS3Minimum_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new S3Location("offsite", CompleteOptions()) { PartSize = 1024 * 1024 });
    }

    private static BackupLocationOptions CompleteOptions() => new()
    {
        Type = "s3",
        Endpoint = "http://127.0.0.1:9000",
        Bucket = "backups",
        AccessKeyId = "the-access-key",
        SecretAccessKey = "the-secret-key",
    };
}
