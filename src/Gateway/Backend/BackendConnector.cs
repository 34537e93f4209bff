using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Authentication;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Protocols.Backend;

namespace ActorMailProxy.Gateway.Backend;

/// <summary>
/// Connects to a backend and runs a login dialogue against it, within bounded time and bounded line length.
/// Nothing of the client's reaches the backend here except what the dialogue sends: the credentials.
/// </summary>
public sealed class BackendConnector(BackendSettings settings)
{
    private volatile LocalAddressSnapshot? _localAddresses;

    /// <summary>Connects (with TLS first when <paramref name="outgoing"/> is implicit) and runs <paramref name="dialogue"/>, upgrading when it asks.</summary>
    public async Task<BackendLoginResult> LoginAsync(string host, int port, IBackendLogin dialogue, OutgoingTls outgoing, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return Unavailable($"cannot resolve {host}: {e.Message}");
        }
        if (addresses.Length == 0)
        {
            return Unavailable($"{host} has no address");
        }
        if (addresses.Any(a => IsOwnListener(new IPEndPoint(a, port))))
        {
            return new BackendLoginResult.NotLoggedIn(new LoginFailure.Refused("Re-Authentication Failure: proxy loop detected"), $"{host}:{port} is one of our own listeners: proxy loop");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout + settings.LoginTimeout);
        var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (settings.TcpKeepAlive)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
            {
                connectTimeout.CancelAfter(settings.ConnectTimeout);
                await socket.ConnectAsync(addresses, port, connectTimeout.Token).ConfigureAwait(false);
            }
            var session = new BackendSession(host, socket, new NetworkStream(socket, ownsSocket: false));
            if (outgoing == OutgoingTls.Implicit)
            {
                await session.StartTlsAsync(settings.Tls, TransportSecurity.Ssl, timeout.Token).ConfigureAwait(false);
            }
            var result = await RunDialogueAsync(session, dialogue, timeout.Token).ConfigureAwait(false);
            if (result is not BackendLoginResult.LoggedIn)
            {
                session.Stream.Dispose();
                socket.Dispose();
            }
            return result;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            socket.Dispose();
            var what = e is OperationCanceledException ? "timed out" : e.Message;
            return Unavailable($"backend {host}:{port}: {what}");
        }
        catch (BackendCertificateException e)
        {
            socket.Dispose();
            return Unavailable($"backend {host}:{port}: {e.Message}");
        }
    }

    private async Task<BackendLoginResult> RunDialogueAsync(BackendSession session, IBackendLogin dialogue, CancellationToken ct)
    {
        var input = new InputBuffer(settings.MaxLineLength + 2, 512);
        while (true)
        {
            if (!input.TryReadLine(out var line))
            {
                if (input.IsFull)
                {
                    return Unavailable("backend sent a line longer than we accept during login");
                }
                var read = await session.Stream.ReadAsync(input.GetWriteMemory(), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return Unavailable("backend closed the connection during login");
                }
                input.Advance(read);
                continue;
            }
            var step = dialogue.OnLine(line);
            if (step is BackendStep.StartTls)
            {
                // Anything the backend sent behind its OK came before the handshake: unauthenticated, so never read.
                input.Consume(input.Count);
                await session.StartTlsAsync(settings.Tls, TransportSecurity.StartTls, ct).ConfigureAwait(false);
                step = dialogue.AfterTls();
            }
            switch (step)
            {
                case BackendStep.Send send:
                    await session.Stream.WriteAsync(send.Bytes, ct).ConfigureAwait(false);
                    break;
                case BackendStep.Succeeded ok:
                    return new BackendLoginResult.LoggedIn(new BackendConnection(session.Socket, session.Stream, input.TakeAll(), ok.Welcome, session.Security));
                case BackendStep.Failed failed:
                    return new BackendLoginResult.NotLoggedIn(failed.Failure, failed.LogReason);
            }
        }
    }

    private bool IsOwnListener(IPEndPoint target) =>
        settings.OwnListeners.Any(l => l.Port == target.Port && (l.Address.Equals(target.Address) || (IsAny(l.Address) && IsLocal(target.Address))));

    private static bool IsAny(IPAddress a) => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any);

    private bool IsLocal(IPAddress address) => IPAddress.IsLoopback(address) || LocalAddresses().Contains(address);

    /// <summary>This host's addresses, read at most every half minute: enumerating interfaces costs more than a login.</summary>
    private HashSet<IPAddress> LocalAddresses()
    {
        var cached = _localAddresses;
        if (cached is not null && Environment.TickCount64 - cached.ReadAt < 30_000)
        {
            return cached.Addresses;
        }
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .ToHashSet();
        _localAddresses = new LocalAddressSnapshot(addresses, Environment.TickCount64);
        return addresses;
    }

    private sealed record LocalAddressSnapshot(HashSet<IPAddress> Addresses, long ReadAt);

    private static BackendLoginResult.NotLoggedIn Unavailable(string reason) => new(new LoginFailure.Unavailable(reason), reason);
}
