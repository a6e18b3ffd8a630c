using System.Diagnostics.Metrics;

namespace Waymark.Experiences.Delivery;

/// <summary>Content API counters for OpenTelemetry. Tags say whether anything was shown, never to whom or what.</summary>
internal sealed class ContentMetrics
{
    public const string MeterName = "Waymark.Experiences";

    public ContentMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Decisions = meter.CreateCounter<long>("waymark.content.decisions", description: "Content decisions answered, tagged shown=true when any flow or checklist was returned.");
        Duration = meter.CreateHistogram<double>("waymark.content.decision.duration", unit: "s", description: "Time to decide what one user sees (reading state and evaluating), without HTTP.");
    }

    public Counter<long> Decisions { get; }

    public Histogram<double> Duration { get; }
}
