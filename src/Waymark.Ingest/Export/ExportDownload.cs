using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Export;

internal enum ExportDownloadState
{
    /// <summary>No such export in the workspace, or its subject was deleted (its key, and so the content, is gone).</summary>
    NotFound,

    /// <summary>Its job has not finished writing it.</summary>
    NotReady,

    /// <summary>Its job ended without writing it.</summary>
    Failed,

    /// <summary>It expired; it has been deleted now.</summary>
    Expired,

    Ready,
}

/// <summary>Where a stored export stands for a download; when <see cref="ExportDownloadState.Ready"/>, what it holds and the key that opens it.</summary>
internal sealed record ExportDownload(ExportDownloadState State, StoredExport? Export, SubjectKey? Key, ExportSummary? Summary);
