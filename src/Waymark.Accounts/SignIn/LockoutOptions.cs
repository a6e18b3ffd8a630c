namespace Waymark.Accounts.SignIn;

/// <summary>
/// Progressive lockout, under <c>Waymark:Accounts:Lockout</c>. The defaults follow Keycloak's brute-force detection:
/// each failure past the free ones adds a minute of wait, the wait is capped at 15 minutes, the count resets 12 hours
/// after the last failure, and an account that reaches 30 failures stays locked until an owner unlocks it.
/// </summary>
public sealed class LockoutOptions
{
    /// <summary>Failures that cost nothing, for typos.</summary>
    public int FreeFailures { get; set; } = 3;

    /// <summary>
    /// Failures from one source address that cost nothing. Higher than for an account because many people may share
    /// an address (an office, a proxy), and one person's typos must not hold back their colleagues.
    /// </summary>
    public int AddressFreeFailures { get; set; } = 20;

    public TimeSpan WaitIncrement { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures after which an account is locked until an owner or operator unlocks it. Addresses never lock for good.</summary>
    public int PermanentLockoutAfter { get; set; } = 30;

    public TimeSpan FailureReset { get; set; } = TimeSpan.FromHours(12);
}
