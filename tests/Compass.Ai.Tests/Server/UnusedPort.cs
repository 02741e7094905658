using System.Net;
using System.Net.Sockets;

namespace Compass.Ai.Tests.Server;

/// <summary>An address on 127.0.0.1 where nothing listens (a port the OS handed out and that was closed again).</summary>
internal static class UnusedPort
{
    public static Uri Uri()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
