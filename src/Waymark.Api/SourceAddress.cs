using System.Net;
using Microsoft.AspNetCore.Http;

namespace Waymark.Api;

/// <summary>
/// The address a request came from, as people read it: a dual-stack socket reports IPv4 clients as IPv4-mapped IPv6
/// (::ffff:127.0.0.1), which would make one client look like two to the audit log, the session list and the lockout.
/// </summary>
public static class SourceAddress
{
    public static IPAddress? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }
}
