using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Gateway.Pump;

namespace ActorMailProxy.Gateway.Tests.Pump;

/// <summary>The pump between two real loopback connections: client ⇄ [proxy side A | proxy side B] ⇄ backend.</summary>
public sealed class BytePumpTests : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sockets)
        {
            s.Dispose();
        }
        await Task.CompletedTask;
    }

    private async Task<(Socket Outside, Socket Inside)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await outside.ConnectAsync(listener.LocalEndPoint!);
        var inside = await listener.AcceptAsync();
        _sockets.AddRange([outside, inside]);
        return (outside, inside);
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, n));
        }
        return Encoding.ASCII.GetString([.. received]);
    }

    [Fact]
    public async Task Pending_bytes_go_first_and_counts_cover_everything_that_moved()
    {
        var (client, proxyClientSide) = await PairAsync();
        var (backend, proxyBackendSide) = await PairAsync();
        var pump = BytePump.RunAsync(new NetworkStream(proxyClientSide), new NetworkStream(proxyBackendSide),
            Encoding.ASCII.GetBytes("b SELECT INBOX\r\n"), Encoding.ASCII.GetBytes("* 1 EXISTS\r\n"), new ActivityClock(), CancellationToken.None);

        await client.SendAsync(Encoding.ASCII.GetBytes("c LOGOUT\r\n"));
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal("b SELECT INBOX\r\nc LOGOUT\r\n", await ReadToEndAsync(backend));
        await backend.SendAsync(Encoding.ASCII.GetBytes("* BYE\r\nc OK\r\n"));
        backend.Shutdown(SocketShutdown.Send);
        Assert.Equal("* 1 EXISTS\r\n* BYE\r\nc OK\r\n", await ReadToEndAsync(client));

        var result = await pump;
        Assert.Equal(PumpEnd.Closed, result.End);
        Assert.Equal(26, result.FromClient);
        Assert.Equal(25, result.ToClient);
    }

    [Fact]
    public async Task Backend_closing_ends_the_session_even_if_the_client_stays()
    {
        var (client, proxyClientSide) = await PairAsync();
        var (backend, proxyBackendSide) = await PairAsync();
        var pump = BytePump.RunAsync(new NetworkStream(proxyClientSide), new NetworkStream(proxyBackendSide), default, default, new ActivityClock(), CancellationToken.None);
        backend.Shutdown(SocketShutdown.Send);
        Assert.Equal(PumpEnd.Closed, (await pump).End);
        Assert.Equal("", await ReadToEndAsync(client));
    }

    [Fact]
    public async Task Client_reset_is_reported_as_a_client_error()
    {
        var (client, proxyClientSide) = await PairAsync();
        var (_, proxyBackendSide) = await PairAsync();
        var pump = BytePump.RunAsync(new NetworkStream(proxyClientSide), new NetworkStream(proxyBackendSide), default, default, new ActivityClock(), CancellationToken.None);
        client.LingerState = new LingerOption(true, 0);
        client.Close();
        Assert.Equal(PumpEnd.ClientError, (await pump).End);
    }

    [Fact]
    public async Task Cancelling_stops_an_idle_session()
    {
        var (_, proxyClientSide) = await PairAsync();
        var (_, proxyBackendSide) = await PairAsync();
        using var stop = new CancellationTokenSource();
        var pump = BytePump.RunAsync(new NetworkStream(proxyClientSide), new NetworkStream(proxyBackendSide), default, default, new ActivityClock(), stop.Token);
        await stop.CancelAsync();
        Assert.Equal(PumpEnd.Cancelled, (await pump).End);
    }
}
