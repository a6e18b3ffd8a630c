using Waymark.TestSupport;

namespace Waymark.StaffAccess.Tests.Operators;

/// <summary><c>waymark operators add|list|disable</c>, run as the real binary over an embedded database.</summary>
public sealed class OperatorCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task Operators_AreAddedListedAndDisabled_WithPasswordRulesApplied_AndAuditedWithoutTheirEmail()
    {
        const string email = "night-shift@ops.example";

        var weak = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliWithInputAsync("short\n", "operators", "add", "--email", email, "--password-stdin", "--data", _data));
        var added = await WaymarkProcess.RunCliWithInputAsync("Night-Shift-Passphrase-42\n", "operators", "add", "--email", email, "--password-stdin", "--data", _data);
        var twice = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliWithInputAsync("Night-Shift-Passphrase-42\n", "operators", "add", "--email", email, "--password-stdin", "--data", _data));
        var listed = await WaymarkProcess.RunCliAsync("operators", "list", "--data", _data);
        var disabled = await WaymarkProcess.RunCliAsync("operators", "disable", "--email", email, "--data", _data);
        var listedAfter = await WaymarkProcess.RunCliAsync("operators", "list", "--data", _data);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync("operators", "disable", "--email", "nobody@ops.example", "--data", _data));
        var audit = await WaymarkProcess.RunCliAsync("audit", "list", "--workspace", "instance", "--data", _data);

        Assert.Contains("Choose another password", weak.Message, StringComparison.Ordinal);
        Assert.Contains($"Operator {email} created", added, StringComparison.Ordinal);
        Assert.Contains("Account exists", twice.Message, StringComparison.Ordinal);
        Assert.Contains($"{email}\tactive\tno-2fa", listed, StringComparison.Ordinal);
        Assert.Contains("disabled: sign-in refused, 0 session(s) and 0 open ticket(s) ended", disabled, StringComparison.Ordinal);
        Assert.Contains($"{email}\tdisabled", listedAfter, StringComparison.Ordinal);
        Assert.Contains("Operator not found", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("operator.created", audit, StringComparison.Ordinal);
        Assert.Contains("operator.disabled", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(email, audit, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
