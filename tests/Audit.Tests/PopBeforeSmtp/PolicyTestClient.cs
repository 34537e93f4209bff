using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

/// <summary>A raw policy client over loopback: writes request text, reads replies up to their empty line.</summary>
internal sealed class PolicyTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly List<byte> _unread = [];

    private PolicyTestClient(Socket socket) => _socket = socket;

    public static async Task<PolicyTestClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        return new PolicyTestClient(socket);
    }

    public static string Request(string clientAddress, string type = "smtpd_access_policy") =>
        $"request={type}\nprotocol_state=RCPT\nclient_address={clientAddress}\nrecipient=b@elsewhere.example\n\n";

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>The next reply, without its ending empty line: <c>action=OK</c> or <c>action=DUNNO</c>.</summary>
    public async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. _unread]);
            var end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _unread.RemoveRange(0, Encoding.UTF8.GetByteCount(text[..(end + 2)]));
                return text[..end];
            }
            var buffer = new byte[512];
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (received == 0)
                throw new InvalidOperationException($"The server closed the connection; unread: '{text}'.");
            _unread.AddRange(buffer.AsSpan(0, received));
        }
    }

    /// <summary>
    /// Everything the server still writes before it closes the connection. A close with our bytes unread reaches us as
    /// a reset; that is a close too.
    /// </summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Patience);
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (received == 0)
                    return [.. _unread];
                _unread.AddRange(buffer.AsSpan(0, received));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return [.. _unread];
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
