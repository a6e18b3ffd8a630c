using Waymark.Crypto.Keys;
using Waymark.Jobs;

namespace Waymark.Ingest.Export;

/// <summary>Runs <c>export_user</c> and <c>export_company</c> jobs: writes the export into sealed chunks (<see cref="SubjectExporter.RunJobAsync"/>).</summary>
internal sealed class ExportJobHandler(SubjectKind kind, SubjectExporter exporter) : IJobHandler
{
    public string Type => SubjectExporter.JobType(kind);

    public Task RunAsync(JobContext context, CancellationToken cancellationToken) => exporter.RunJobAsync(context, cancellationToken);
}
