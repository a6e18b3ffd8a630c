using Waymark.Incidents.Tests.Support;

namespace Waymark.Incidents.Tests.Notifications;

/// <summary>Servers of their own for the escalation tests, which move the clock by the half hour.</summary>
public sealed class EscalationServers : IncidentServers;
