using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fakes;

/// <summary>
/// One connection to a scripted TLS fake: plaintext lines until <see cref="StartTlsAsync"/>, TLS lines after.
/// Every line read is recorded with the phase it arrived in.
/// </summary>
internal sealed class FakeTlsConnection(Socket socket, FakeTlsServer server, CancellationToken ct) : IAsyncDisposable
{
    // A client that never sends LF must end the conversation, not exhaust memory.
    private const int MaxLineBytes = 64 * 1024;

    private readonly byte[] _oneByte = new byte[1];
    private SslStream? _tls;
    private LineReader? _reader;

    public bool IsEncrypted => _tls is not null;

    /// <summary>The next line without CRLF, or null when the client closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = _reader is null
            ? await ReadPlainLineAsync()
            : await _reader.ReadLineAsync(ct) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
        if (line is not null)
            server.Record(IsEncrypted, line);
        return line;
    }

    /// <summary>
    /// Before TLS: one Send call, so all of <paramref name="text"/> leaves in one TCP segment on loopback (with Nagle off).
    /// After TLS: one write and flush.
    /// </summary>
    public async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (_tls is null)
        {
            await socket.SendAsync(bytes, SocketFlags.None, ct);
            return;
        }
        await _tls.WriteAsync(bytes, ct);
        await _tls.FlushAsync(ct);
    }

    /// <summary>The server side of the handshake; false when the client refused it (a bad certificate, a plaintext reply).</summary>
    public async Task<bool> StartTlsAsync(X509Certificate2 certificate)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync();
            return false;
        }
        _tls = tls;
        _reader = new LineReader(tls);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
            await _tls.DisposeAsync();
        socket.Dispose();
    }

    // One byte per receive: a buffered read could swallow the first bytes of the client's handshake after a STARTTLS line.
    private async Task<string?> ReadPlainLineAsync()
    {
        var line = new List<byte>();
        while (await socket.ReceiveAsync(_oneByte, SocketFlags.None, ct) == 1)
        {
            if (_oneByte[0] == '\n')
                return Encoding.UTF8.GetString(line.ToArray(), 0, line is [.., (byte)'\r'] ? line.Count - 1 : line.Count);
            line.Add(_oneByte[0]);
            if (line.Count > MaxLineBytes)
                throw new InvalidDataException($"Line longer than {MaxLineBytes} bytes without LF.");
        }
        return line.Count == 0 ? null : Encoding.UTF8.GetString(line.ToArray());
    }
}
