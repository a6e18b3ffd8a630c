using System.Diagnostics.Metrics;

namespace Waymark.Backups;

/// <summary>
/// Backups and checks by outcome, and the time of the last good backup, so an alert can fire on a failed check or on
/// no good backup for more than a day. Tagged with the operator's location names only.
/// </summary>
public sealed class BackupMetrics
{
    public const string MeterName = "Waymark.Backups";

    private readonly Counter<long> _runs;
    private readonly Counter<long> _checks;
    private long _lastSucceededUnixSeconds;

    public BackupMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("waymark.backup.runs", description: "Backup runs by final state (succeeded, partial, failed).");
        _checks = meter.CreateCounter<long>("waymark.backup.verifications", description: "Checks of stored backups by location and outcome (passed, intact, failed).");
        meter.CreateObservableGauge(
            "waymark.backup.last_success",
            () => Interlocked.Read(ref _lastSucceededUnixSeconds),
            unit: "s",
            description: "Unix time of this process's last backup stored at every location; 0 before the first.");
    }

    internal void Run(string state, DateTimeOffset finishedAt)
    {
        _runs.Add(1, new KeyValuePair<string, object?>("state", state));
        if (state == Running.BackupStates.Succeeded)
        {
            Interlocked.Exchange(ref _lastSucceededUnixSeconds, finishedAt.ToUnixTimeSeconds());
        }
    }

    internal void Check(string location, string outcome) =>
        _checks.Add(1, new KeyValuePair<string, object?>("location", location), new KeyValuePair<string, object?>("outcome", outcome));
}
