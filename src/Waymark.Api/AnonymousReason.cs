namespace Waymark.Api;

/// <summary>Endpoint metadata: why this endpoint needs no authentication. A test fails on any endpoint with neither this nor a permission.</summary>
public sealed record AnonymousReason(string Reason);
