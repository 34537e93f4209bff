using System.Net.Security;
using System.Net.Sockets;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Backend;

/// <summary>A backend connection while logging in: its socket, the stream on top (plain or TLS), and which that is.</summary>
internal sealed class BackendSession(string host, Socket socket, Stream stream)
{
    public Socket Socket { get; } = socket;

    public Stream Stream { get; private set; } = stream;

    public TransportSecurity Security { get; private set; } = TransportSecurity.Plaintext;

    /// <summary>TLS on top of what there is, the backend's certificate judged by our policy, within the handshake timeout.</summary>
    public async Task StartTlsAsync(TlsSetup tls, TransportSecurity how, CancellationToken ct)
    {
        string? rejection = null;
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(tls.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(tls.ClientOptions(host, why => rejection = why), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception) when (rejection is not null)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new BackendCertificateException(rejection);
        }
        Stream = ssl;
        Security = how;
    }
}
