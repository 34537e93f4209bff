using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>
/// Unbuffered reads from a plain socket, for tests that must see how a server's bytes arrived: what one receive returns
/// is what the kernel had queued, and the kernel counts the data segments that brought it.
/// </summary>
internal static class SocketReads
{
    // Linux's getsockopt(IPPROTO_TCP, TCP_INFO); tcpi_data_segs_in (kernel 4.6+) sits at this offset of struct tcp_info.
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;
    private const int DataSegmentsInOffset = 152;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Exactly what one receive returns.</summary>
    public static async Task<string> ReceiveOnceAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 * 1024];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>Receives until the text so far ends with <paramref name="end"/>; throws if the server closes first.</summary>
    public static async Task<string> ReceiveUntilAsync(Socket socket, string end)
    {
        var text = new StringBuilder();
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var chunk = await ReceiveOnceAsync(socket);
            if (chunk.Length == 0)
                throw new EndOfStreamException($"Server closed the connection after: {text}");
            text.Append(chunk);
        }
        return text.ToString();
    }

    /// <summary>
    /// How many TCP segments carrying data this socket has received. If a receive returned two writes' bytes and this
    /// grew by one across it, the peer sent them in one segment: two segments would both have been counted by then.
    /// </summary>
    public static uint DataSegmentsReceived(Socket socket)
    {
        var info = new byte[256];
        var length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
        if (length < DataSegmentsInOffset + sizeof(uint))
            throw new PlatformNotSupportedException($"TCP_INFO returned {length} bytes; tcpi_data_segs_in needs Linux 4.6 or later.");
        return BitConverter.ToUInt32(info, DataSegmentsInOffset);
    }
}
