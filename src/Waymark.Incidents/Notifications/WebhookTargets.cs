using System.Net;
using System.Net.Sockets;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// Where webhooks may connect. Whoever holds <c>security:manage</c> sets the URL, so without a check the worker would
/// call any service it can reach on the inside (server-side request forgery). The address is checked when the
/// connection is made, after name resolution, so a name that later resolves to an inside address is refused too.
/// </summary>
internal static class WebhookTargets
{
    /// <summary>Connects to the first resolved address that is public, or to any when inside ones are allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || !IsInside(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookTargetRefusedException($"{endpoint.Host} resolves to a loopback, private or link-local address; set Waymark:Incidents:WebhookPrivateAddresses to true to allow inside targets");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsInside(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] == 0;
    }
}

/// <summary>A webhook URL whose host resolves only to addresses Waymark will not call.</summary>
internal sealed class WebhookTargetRefusedException(string message) : Exception(message);
