using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Detection;

/// <summary>Servers of their own, verifying the audit chains twice a second, for a test that breaks a chain for good.</summary>
public sealed class ChainVerificationServers : IncidentServers
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Waymark:Incidents:AuditVerificationInterval"] = "00:00:00.500",
    };
}
