using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Backend;

/// <summary>A backend we are logged in to: its stream (TLS or not), bytes it sent past the login reply, and what it said.</summary>
public sealed class BackendConnection(Socket socket, Stream stream, byte[] pendingToClient, BackendWelcome welcome, TransportSecurity security) : IDisposable
{
    public TransportSecurity Security { get; } = security;

    public Socket Socket { get; } = socket;

    public Stream Stream { get; } = stream;

    public byte[] PendingToClient { get; } = pendingToClient;

    public BackendWelcome Welcome { get; } = welcome;

    public EndPoint? RemoteEndPoint { get; } = socket.RemoteEndPoint;

    public void Dispose()
    {
        Stream.Dispose();
        Socket.Dispose();
    }
}
