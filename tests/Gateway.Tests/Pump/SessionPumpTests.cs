using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Gateway.Pump;

namespace ActorMailProxy.Gateway.Tests.Pump;

/// <summary>
/// Both pumps (kernel splice and zero-byte copy) between two real loopback connections:
/// client ⇄ [proxy client side | proxy backend side] ⇄ backend. They must behave alike.
/// </summary>
public sealed class SessionPumpTests : IAsyncDisposable
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

    public static TheoryData<string> Pumps() => ["splice", "copy"];

    private static SessionPump PumpOf(string kind)
    {
        var engine = kind == "splice" ? SpliceEngine.Shared : null;
        Assert.True(kind == "copy" || engine is not null, "splice must be available on Linux x86-64");
        return new SessionPump(engine);
    }

    private static Task<PumpResult> Run(string kind, Socket clientSide, Socket backendSide, string toBackend, string toClient, CancellationToken ct = default) =>
        PumpOf(kind).RunAsync(clientSide, new NetworkStream(clientSide), backendSide, new NetworkStream(backendSide),
            Encoding.ASCII.GetBytes(toBackend), Encoding.ASCII.GetBytes(toClient), new ActivityClock(), ct);

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

    [Theory]
    [MemberData(nameof(Pumps))]
    public async Task Pending_bytes_go_first_and_counts_cover_everything_that_moved(string kind)
    {
        var (client, proxyClientSide) = await PairAsync();
        var (backend, proxyBackendSide) = await PairAsync();
        var pump = Run(kind, proxyClientSide, proxyBackendSide, "b SELECT INBOX\r\n", "* 1 EXISTS\r\n");

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

    [Theory]
    [MemberData(nameof(Pumps))]
    public async Task Backend_closing_ends_the_session_even_if_the_client_stays(string kind)
    {
        var (client, proxyClientSide) = await PairAsync();
        var (backend, proxyBackendSide) = await PairAsync();
        var pump = Run(kind, proxyClientSide, proxyBackendSide, "", "");
        backend.Shutdown(SocketShutdown.Send);
        Assert.Equal(PumpEnd.Closed, (await pump).End);
        Assert.Equal("", await ReadToEndAsync(client));
    }

    [Theory]
    [MemberData(nameof(Pumps))]
    public async Task Client_reset_is_reported_as_a_client_error(string kind)
    {
        var (client, proxyClientSide) = await PairAsync();
        var (_, proxyBackendSide) = await PairAsync();
        var pump = Run(kind, proxyClientSide, proxyBackendSide, "", "");
        client.LingerState = new LingerOption(true, 0);
        client.Close();
        Assert.Equal(PumpEnd.ClientError, (await pump).End);
    }

    [Theory]
    [MemberData(nameof(Pumps))]
    public async Task Cancelling_stops_an_idle_session(string kind)
    {
        var (_, proxyClientSide) = await PairAsync();
        var (_, proxyBackendSide) = await PairAsync();
        using var stop = new CancellationTokenSource();
        var pump = Run(kind, proxyClientSide, proxyBackendSide, "", "", stop.Token);
        await stop.CancelAsync();
        Assert.Equal(PumpEnd.Cancelled, (await pump).End);
    }

    [Theory]
    [MemberData(nameof(Pumps))]
    public async Task Large_transfers_arrive_intact_both_ways_at_once(string kind)
    {
        var (client, proxyClientSide) = await PairAsync();
        var (backend, proxyBackendSide) = await PairAsync();
        var pump = Run(kind, proxyClientSide, proxyBackendSide, "", "");
        var up = new byte[3_000_000];
        var down = new byte[5_000_000];
        Random.Shared.NextBytes(up);
        Random.Shared.NextBytes(down);
        var receivedDown = ReadBytesAsync(client, down.Length);
        var receivedUp = ReadBytesAsync(backend, up.Length);
        await Task.WhenAll(SendAllAsync(client, up), SendAllAsync(backend, down));
        Assert.Equal(up, await receivedUp);
        Assert.Equal(down, await receivedDown);
        backend.Shutdown(SocketShutdown.Send);
        var result = await pump;
        Assert.Equal((up.Length, down.Length, PumpEnd.Closed), (result.FromClient, result.ToClient, result.End));
    }

    private static async Task SendAllAsync(Socket socket, byte[] data)
    {
        for (var sent = 0; sent < data.Length;)
        {
            sent += await socket.SendAsync(data.AsMemory(sent));
        }
    }

    private static async Task<byte[]> ReadBytesAsync(Socket socket, int count)
    {
        var data = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(data.AsMemory(read));
            Assert.NotEqual(0, n);
            read += n;
        }
        return data;
    }
}
