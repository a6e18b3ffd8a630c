using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>Servers with the sign-in lockout at its defaults' strictness (three free failures), so that an account locks.</summary>
public sealed class LockoutServers : IncidentServers
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Waymark:Accounts:Lockout:FreeFailures"] = "3",
    };
}
