using System.Net;
using System.Net.Sockets;

namespace Waymark.Failover.Tests.Support;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (callers start again on another one if it was taken).</summary>
internal static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
