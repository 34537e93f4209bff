using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// The HTTP service nginx's mail proxy asks before every login (auth_http): it accepts everyone and names Dovecot's
/// port for the protocol. nginx sends one request per connection, so this answers once and closes.
/// </summary>
public sealed class NginxAuthServer : IAsyncDisposable
{
    private const int MaxRequest = 8192;

    private readonly Socket _listener;
    private readonly byte[] _pop3Answer;
    private readonly byte[] _imapAnswer;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    private NginxAuthServer(Socket listener, BenchBackend backend)
    {
        _listener = listener;
        _pop3Answer = Answer(backend.Port(MailService.Pop3));
        _imapAnswer = Answer(backend.Port(MailService.Imap));
        _accepting = AcceptAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static NginxAuthServer Start(BenchBackend backend)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        return new NginxAuthServer(listener, backend);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    private static byte[] Answer(int port) => Encoding.ASCII.GetBytes(
        $"HTTP/1.0 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: {port}\r\n\r\n");

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = AnswerAsync(connection);
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                var request = await ReadHeaderAsync(connection);
                var answer = request.Contains("Auth-Protocol: pop3", StringComparison.OrdinalIgnoreCase) ? _pop3Answer : _imapAnswer;
                await connection.SendAsync(answer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or InvalidDataException)
            {
                // nginx fails that login, and the bench's client counts the error.
            }
        }
    }

    private async Task<string> ReadHeaderAsync(Socket connection)
    {
        var buffer = new byte[MaxRequest];
        var length = 0;
        while (!buffer.AsSpan(0, length).EndsWith("\r\n\r\n"u8))
        {
            if (length == buffer.Length)
            {
                throw new InvalidDataException("auth request header too long");
            }
            var read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                throw new InvalidDataException("nginx closed before its request ended");
            }
            length += read;
        }
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
