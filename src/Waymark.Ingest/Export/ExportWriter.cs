using System.Text.Encodings.Web;
using System.Text.Json;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Export;

/// <summary>
/// Writes one export incrementally to a stream: the profile and memberships first, then each event as it is read, so
/// that no export is ever held in memory whole.
/// </summary>
internal abstract class ExportWriter : IAsyncDisposable
{
    /// <summary>
    /// Export files are downloads, never HTML: strings keep their characters (accents, scripts, emoji) rather than
    /// <c>\u</c> escapes, so the file reads as what was sent. Quotes, backslashes and control characters are still escaped.
    /// </summary>
    protected static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Bytes gathered before they are written to the stream.</summary>
    protected const int FlushAt = 64 * 1024;

    public static ExportWriter Create(ExportFormat format, Stream output, SubjectKind kind) =>
        format == ExportFormat.Json ? new JsonExportWriter(output, kind) : new CsvExportWriter(output, kind);

    public abstract Task WriteStartAsync(ExportSubject subject, CancellationToken cancellationToken);

    public abstract ValueTask WriteEventAsync(ExportEvent current, CancellationToken cancellationToken);

    public abstract Task WriteEndAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected static JsonWriterOptions WriterOptions => new() { Encoder = Encoder, SkipValidation = true };
}
