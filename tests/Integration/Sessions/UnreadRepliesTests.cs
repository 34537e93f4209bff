using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Integration.Audit;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Sessions;

/// <summary>mailproxy.timeouts.client-write: a client that sends commands but never reads the replies cannot hold a connection open.</summary>
public sealed class UnreadRepliesTests
{
    [Fact]
    public async Task A_client_that_reads_none_of_its_replies_is_closed_once_a_write_has_waited_the_client_write_timeout()
    {
        await using var proxy = await RunningProxy.With("mailproxy.timeouts.client-write = 2s").StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await AuditJournalTables.WaitUntilAsync(() => proxy.OpenConnections == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, proxy.OpenConnections);

        // Replies to these fill our receive window and the proxy's send buffer; then its write waits, and so does
        // everything behind it, reading included, until the timeout ends the connection. The login timeout is 30 min.
        var capas = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("CAPA\r\n", 1000)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sending = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await socket.SendAsync(capas, stop.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
        });
        var clock = Stopwatch.StartNew();
        await AuditJournalTables.WaitUntilAsync(() => proxy.OpenConnections == 0, TimeSpan.FromSeconds(20));
        Assert.Equal(0, proxy.OpenConnections);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"closed after {clock.Elapsed}, before any write could have waited 2 s");
        stop.Cancel();
        await sending;
    }
}
