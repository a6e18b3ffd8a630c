namespace Waymark.Incidents.Tests.Support;

/// <summary>A person with an account and a password the tests know.</summary>
public sealed record TestMember(string AccountId, string Email, string Password);
