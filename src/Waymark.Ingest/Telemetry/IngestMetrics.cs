using System.Diagnostics.Metrics;

namespace Waymark.Ingest.Telemetry;

/// <summary>Ingest counters for OpenTelemetry (and so for <c>/metrics</c>). Tags carry outcomes only, never ids or values.</summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "Waymark.Ingest";

    public IngestMetrics(IMeterFactory meterFactory, Writing.IngestQueue queue)
    {
        var meter = meterFactory.Create(MeterName);
        Accepted = meter.CreateCounter<long>("waymark.ingest.events.accepted", description: "Events committed to the store.");
        Duplicates = meter.CreateCounter<long>("waymark.ingest.events.duplicate", description: "Events dropped as repeats of a stored messageId.");
        Suppressed = meter.CreateCounter<long>("waymark.ingest.events.suppressed", description: "Events dropped because their user or company was deleted (and not unsuppressed).");
        Rejected = meter.CreateCounter<long>("waymark.ingest.events.rejected", description: "Calls refused by validation, size limits or a full queue.");
        BatchSize = meter.CreateHistogram<int>("waymark.ingest.commit.events", description: "Events per commit (group commit size).");
        CommitDuration = meter.CreateHistogram<double>("waymark.ingest.commit.duration", unit: "s", description: "Time to write and commit one group.");
        meter.CreateObservableGauge("waymark.ingest.queue.depth", () => queue.Depth, description: "Events waiting to be committed.");
    }

    public Counter<long> Accepted { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Suppressed { get; }

    public Counter<long> Rejected { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> CommitDuration { get; }
}
