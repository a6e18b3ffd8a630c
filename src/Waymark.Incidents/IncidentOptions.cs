namespace Waymark.Incidents;

/// <summary>How often the worker looks for signals and checks the audit chains (<c>Waymark:Incidents</c>), and each detector's thresholds.</summary>
public sealed class IncidentOptions
{
    public const string Section = "Waymark:Incidents";

    /// <summary>How often the worker reads new audit entries and checks for overdue acknowledgements.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every audit chain is recomputed; a break raises a critical incident.</summary>
    public TimeSpan AuditVerificationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts per webhook delivery before it is recorded as failed.</summary>
    public int WebhookAttempts { get; set; } = 3;

    /// <summary>The wait before the second attempt, doubled before each later one.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether webhooks may reach loopback, private, link-local and shared addresses (an alerting service on the inside).
    /// Off by default: a workspace admin could otherwise make the worker call internal services.
    /// </summary>
    public bool WebhookPrivateAddresses { get; set; }

    public DetectorOptions Detectors { get; set; } = new();
}

/// <summary>The thresholds of the detectors (<c>Waymark:Incidents:Detectors:*</c>).</summary>
public sealed class DetectorOptions
{
    public WindowThreshold PasswordBruteForce { get; set; } = new() { Count = 10, Window = TimeSpan.FromMinutes(15) };

    public WindowThreshold MfaBruteForce { get; set; } = new() { Count = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Distinct accounts failed from one address; each unknown-account attempt counts as one more.</summary>
    public WindowThreshold CredentialStuffing { get; set; } = new() { Count = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Requests with unknown keys from one address.</summary>
    public WindowThreshold InvalidKeyFlood { get; set; } = new() { Count = 100, Window = TimeSpan.FromMinutes(10) };

    public VolumeThreshold MassExport { get; set; } = new();

    public VolumeThreshold MassDeletion { get; set; } = new();

    /// <summary>How far back an owner's successful sign-ins make an address known.</summary>
    public TimeSpan OwnerAddressMemory { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>At least <see cref="Count"/> occurrences within <see cref="Window"/>.</summary>
public sealed class WindowThreshold
{
    public int Count { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>
/// Subjects handled in the trailing hour above max(<see cref="Floor"/>, <see cref="Factor"/> × the workspace's mean
/// hourly volume over the previous 30 days).
/// </summary>
public sealed class VolumeThreshold
{
    public int Floor { get; set; } = 100;

    public double Factor { get; set; } = 10;
}
