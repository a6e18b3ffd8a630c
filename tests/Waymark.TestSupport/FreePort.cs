using System.Net;
using System.Net.Sockets;

namespace Waymark.TestSupport;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (callers retry if another process takes it first).</summary>
public static class FreePort
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
