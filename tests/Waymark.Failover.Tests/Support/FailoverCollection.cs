namespace Waymark.Failover.Tests.Support;

/// <summary>
/// Failover tests run several servers each and measure outages: on a small machine they must not compete with each
/// other for the CPU, or a slow machine would look like a slow failover.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "Failover";
}
