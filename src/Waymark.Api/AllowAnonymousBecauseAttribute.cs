using Microsoft.AspNetCore.Authorization;

namespace Waymark.Api;

/// <summary>
/// Marks an endpoint or a dashboard page as open to anyone, recording why. A test fails on any endpoint with neither
/// this nor a permission policy.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllowAnonymousBecauseAttribute : Attribute, IAllowAnonymous
{
    public AllowAnonymousBecauseAttribute(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    public string Reason { get; }
}
