using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Export;

/// <summary>An export made by a job: its row in <c>subject_exports</c>. Its size is negative until the job has written it all.</summary>
internal sealed record StoredExport(
    string ExportId,
    long WorkspaceId,
    SubjectHash Subject,
    SubjectKind Kind,
    ExportFormat Format,
    string JobId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long SizeBytes)
{
    public bool IsWritten => SizeBytes >= 0;

    public string TargetType => Kind == SubjectKind.Company ? "company" : "user";

    public string HashHex => Convert.ToHexStringLower(Subject.ToBytes());

    public string DownloadUrl => "/v1/exports/" + ExportId;
}
