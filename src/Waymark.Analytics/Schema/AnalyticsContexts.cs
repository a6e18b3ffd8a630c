using Waymark.Storage;

namespace Waymark.Analytics.Schema;

/// <summary>This feature's schema; registered after the ingest schema, whose tables its migration backfills from.</summary>
internal static class AnalyticsContexts
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteAnalyticsDbContext, PostgresAnalyticsDbContext>("analytics", o => new(o), o => new(o));
}
