using System.Net;
using System.Net.Sockets;

namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// Free TCP ports on 127.0.0.1 for test servers. They come from below Linux's default ephemeral range (32768–60999),
/// so an outgoing connection of a parallel test cannot take one between allocation and the server's bind.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20000;
    private const int Last = 32767;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];

    // A random start keeps two test processes on one machine from probing the same ports in step.
    private static int _next = Random.Shared.Next(First, Last + 1);

    /// <summary><paramref name="count"/> distinct ports that were free a moment ago and that this process has never handed out before.</summary>
    public static IReadOnlyList<int> Take(int count)
    {
        lock (Gate)
        {
            var ports = new List<int>(count);
            for (var probed = 0; ports.Count < count; probed++)
            {
                if (probed > Last - First)
                    throw new InvalidOperationException($"No free loopback port left in {First}–{Last}.");
                var port = _next;
                _next = port == Last ? First : port + 1;
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    ports.Add(port);
                }
            }
            return ports;
        }
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
