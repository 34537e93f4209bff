using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>Binds every listener before anything is accepted, so a port in use stops start-up with a clear message.</summary>
public static class ListenerSockets
{
    public static IReadOnlyList<(ListenerSpec Spec, Socket Socket)> Bind(IReadOnlyList<ListenerSpec> listeners)
    {
        var bound = new List<(ListenerSpec, Socket)>();
        try
        {
            foreach (var spec in listeners)
            {
                bound.Add((spec, BindOne(spec.Endpoint)));
            }
            return bound;
        }
        catch
        {
            foreach (var (_, socket) in bound)
            {
                socket.Dispose();
            }
            throw;
        }
    }

    private static Socket BindOne(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(1024);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException($"cannot listen on {endpoint}: {e.Message}", e);
        }
    }
}
