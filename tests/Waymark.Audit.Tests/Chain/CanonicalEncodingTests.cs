using Waymark.Audit.Chain;

namespace Waymark.Audit.Tests.Chain;

/// <summary>The hash covers every field, unambiguously.</summary>
public sealed class CanonicalEncodingTests
{
    private static readonly AuditRecord Entry = new(3, 7, 1_800_000_000_000, "member", "acct-1", "role.changed", "member", "acct-2", "success", "203.0.113.7", "trace-1", """{"role":"admin"}""", AuditHash.Genesis, []);

    public static TheoryData<string> Changes => ["workspace", "seq", "time", "actor_kind", "actor_id", "action", "target_type", "target_id", "outcome", "source_ip", "request_id", "details", "prev_hash"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Hash_ChangesWhenAnyFieldChanges(string field)
    {
        var changed = field switch
        {
            "workspace" => Entry with { WorkspaceId = 4 },
            "seq" => Entry with { Seq = 8 },
            "time" => Entry with { Time = Entry.Time + 1 },
            "actor_kind" => Entry with { ActorKind = "operator" },
            "actor_id" => Entry with { ActorId = "acct-9" },
            "action" => Entry with { Action = "role.deleted" },
            "target_type" => Entry with { TargetType = "key" },
            "target_id" => Entry with { TargetId = "acct-3" },
            "outcome" => Entry with { Outcome = "denied" },
            "source_ip" => Entry with { SourceIp = "203.0.113.8" },
            "request_id" => Entry with { RequestId = "trace-2" },
            "details" => Entry with { Details = """{"role":"owner"}""" },
            _ => Entry with { PrevHash = new byte[32].Select(_ => (byte)1).ToArray() },
        };

        Assert.NotEqual(AuditHash.Compute(Entry), AuditHash.Compute(changed));
    }

    [Fact]
    public void Hash_DistinguishesFieldBoundariesAndNullFromEmpty()
    {
        Assert.NotEqual(AuditHash.Compute(Entry with { ActorId = "ab", Action = "c" }), AuditHash.Compute(Entry with { ActorId = "a", Action = "bc" }));
        Assert.NotEqual(AuditHash.Compute(Entry with { TargetId = null }), AuditHash.Compute(Entry with { TargetId = "" }));
        Assert.NotEqual(AuditHash.Compute(Entry with { TargetType = null, TargetId = "x" }), AuditHash.Compute(Entry with { TargetType = "x", TargetId = null }));
    }

    [Fact]
    public void Hash_IsSha256OfThePreviousHashAndTheDocumentedEncoding()
    {
        var bytes = new List<byte>(AuditHash.Genesis);
        void Field(string? value)
        {
            if (value is null)
            {
                bytes.Add(0);
                return;
            }

            var utf8 = System.Text.Encoding.UTF8.GetBytes(value);
            bytes.Add(1);
            bytes.AddRange(BitConverter.GetBytes((uint)utf8.Length).Reverse());
            bytes.AddRange(utf8);
        }

        Field("waymark-audit-v1");
        foreach (var number in new[] { Entry.WorkspaceId, Entry.Seq, Entry.Time })
        {
            bytes.AddRange(BitConverter.GetBytes(number).Reverse());
        }

        foreach (var value in new[] { Entry.ActorKind, Entry.ActorId, Entry.Action, Entry.TargetType, Entry.TargetId, Entry.Outcome, Entry.SourceIp, Entry.RequestId, Entry.Details })
        {
            Field(value);
        }

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.ToArray()), AuditHash.Compute(Entry));
    }

    [Fact]
    public void CanonicalDetails_SortsKeysOrdinally_WithoutWhitespace()
    {
        var details = new Dictionary<string, string> { ["b"] = "2", ["a"] = "é", ["B"] = "<" };

        Assert.Equal("""{"B":"\u003C","a":"\u00E9","b":"2"}""", AuditHash.CanonicalDetails(details));
        Assert.Null(AuditHash.CanonicalDetails(new Dictionary<string, string>()));
    }
}
