using System.Diagnostics;

namespace Waymark.Incidents.Tests.Support;

/// <summary>How long a test waits for the worker to notice something before it fails.</summary>
internal static class Waits
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Retries <paramref name="probe"/> until it answers a value or the generous timeout passes.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (waited.Elapsed > Generous)
            {
                throw new TimeoutException($"Waited {Generous.TotalSeconds} s for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
