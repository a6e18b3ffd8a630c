using Microsoft.Extensions.DependencyInjection;
using Waymark.Crypto.Hashing;
using Waymark.Crypto.Keys;
using Waymark.Crypto.MasterKeys;
using Waymark.TestSupport;

namespace Waymark.Crypto.Tests;

public sealed class KeyHierarchyTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void MasterKeyFile_IsCreatedOnFirstStart_ReadableByTheOwnerOnly()
    {
        var keyFile = Path.Combine(fixture.Server.DataDirectory, "master.key");
        Assert.True(File.Exists(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
    }

    [Fact]
    public async Task SubjectKeys_AreOnePerSubject_AndTheSameOnEveryLookup()
    {
        var keyRing = fixture.Server.Services.GetRequiredService<KeyRing>();
        var created = await fixture.Server.CreateWorkspaceAsync();
        var workspaceId = await fixture.Server.Services.GetRequiredService<Waymark.Workspaces.Workspaces.WorkspaceService>().FindIdAsync(created.WorkspaceId);
        var workspace = await keyRing.GetWorkspaceAsync(workspaceId!.Value);
        var alice = workspace.HashSubject(SubjectKind.User, "alice");
        var bob = workspace.HashSubject(SubjectKind.User, "bob");

        var keys = await keyRing.GetOrCreateSubjectKeysAsync(workspace, [alice, bob]);
        var sealedValue = keys[alice].Seal("for alice"u8);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => keys[bob].Open(sealedValue));
        var again = await keyRing.FindSubjectKeyAsync(workspace, alice);
        Assert.Equal("for alice"u8.ToArray(), again!.Open(sealedValue));
        Assert.Null(await keyRing.FindSubjectKeyAsync(workspace, workspace.HashSubject(SubjectKind.User, "never-seen")));
    }

    [Fact]
    public void MasterKey_OfTheWrongLength_FailsWithAClearMessage()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "master.key");
        File.WriteAllText(file, Convert.ToBase64String(new byte[16]));
        var options = Microsoft.Extensions.Options.Options.Create(new MasterKeyOptions { MasterKeyFile = file });
        var database = fixture.Server.Services.GetRequiredService<Waymark.Storage.WaymarkDatabase>();
        var key = new MasterKey(options, database, Microsoft.Extensions.Logging.Abstractions.NullLogger<MasterKey>.Instance);
        var error = Assert.Throws<InvalidOperationException>(key.EnsureLoaded);
        Assert.Contains("must be 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretHash_MatchesOnlyTheSameSecret()
    {
        var secret = SecretHash.NewSecret("sk_");
        Assert.StartsWith("sk_", secret, StringComparison.Ordinal);
        Assert.True(SecretHash.Matches(secret, SecretHash.Compute(secret)));
        Assert.False(SecretHash.Matches(secret + "x", SecretHash.Compute(secret)));
    }
}
