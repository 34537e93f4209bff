using System.Net.Security;
using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>The server side of a client's TLS handshake, within the handshake timeout.</summary>
internal static class ClientHandshake
{
    public static async Task<SslStream> RunAsync(Stream inner, TlsSetup tls, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(tls.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls.ServerOptions(), timeout.Token);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}
