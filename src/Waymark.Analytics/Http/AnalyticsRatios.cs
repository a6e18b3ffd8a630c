namespace Waymark.Analytics.Http;

/// <summary>Rates as the API shows them: four decimals, and 0 (not NaN) when nothing was there to convert.</summary>
internal static class AnalyticsRatios
{
    public static double Of(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}
