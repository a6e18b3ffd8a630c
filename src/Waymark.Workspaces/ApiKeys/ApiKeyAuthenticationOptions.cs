using Microsoft.AspNetCore.Authentication;

namespace Waymark.Workspaces.ApiKeys;

internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>How much of a body is read to find a <c>writeKey</c> in it; equal to the ingest request limit.</summary>
    public int BodyLimitBytes { get; set; } = 500 * 1024;
}
