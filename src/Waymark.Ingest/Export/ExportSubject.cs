using Waymark.Crypto.Keys;
using Waymark.Ingest.Reading;

namespace Waymark.Ingest.Export;

/// <summary>
/// A user or company found for export: its profile as the read API answers it, and how many events the export holds
/// (those stored up to <see cref="LastSeq"/>, so that the count stays true while new events arrive).
/// </summary>
internal sealed record ExportSubject(
    WorkspaceKeys Workspace,
    SubjectKind Kind,
    string Id,
    SubjectKey Key,
    UserResponse? User,
    CompanyResponse? Company,
    long EventCount,
    long LastSeq,
    bool IncludesPhi)
{
    /// <summary>The audit target type: <c>user</c> or <c>company</c>.</summary>
    public string TargetType => Kind == SubjectKind.Company ? "company" : "user";

    /// <summary>The subject as the audit log names it: the hex of its keyed hash.</summary>
    public string HashHex => Convert.ToHexStringLower(Key.Subject.ToBytes());

    public IReadOnlyList<string> ProfilePhi => User?.DisclosedPhi ?? Company?.DisclosedPhi ?? [];
}
