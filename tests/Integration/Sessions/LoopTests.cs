using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;
namespace ActorMailProxy.Integration.Sessions;

/// <summary>A route back to ourselves is refused with an error instead of an endless chain (perdition(8) "LOOP DETECTION").</summary>
public sealed class LoopTests
{
    [Fact]
    public async Task Route_to_one_of_our_own_listeners_is_refused_and_the_client_may_go_on()
    {
        var port = LoopbackPorts.Take(1)[0];
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "POP3", "-l", port.ToString(), "-b", "127.0.0.1", "-M", "", "-s", $"127.0.0.1:{port}"]);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, port);
        await c.ReadLineAsync();
        await c.SendAsync("USER alice\r\nPASS pw\r\n");
        await c.ReadLineAsync();
        Assert.StartsWith("-ERR [SYS/PERM] Re-Authentication Failure", await c.ReadLineAsync());
        Assert.Contains("proxy loop", await proxy.WaitForLogAsync("proxy loop"));
        Assert.Equal(1, proxy.OpenConnections);
        await c.SendAsync("NOOP\r\n");
        Assert.StartsWith("+OK", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Two_proxies_pointing_at_each_other_stop_at_the_first_hop()
    {
        var (portA, portB) = (LoopbackPorts.Take(1)[0], LoopbackPorts.Take(1)[0]);
        await using var a = await RunningProxy.StartRawAsync(["-P", "IMAP4", "-l", portA.ToString(), "-b", "127.0.0.1", "-M", "", "-s", $"127.0.0.1:{portB}"]);
        await using var b = await RunningProxy.StartRawAsync(["-P", "IMAP4", "-l", portB.ToString(), "-b", "127.0.0.1", "-M", "", "-s", $"127.0.0.1:{portA}"]);
        await using var c = await RawLineClient.ConnectAsync(a.Host, portA);
        await c.ReadLineAsync();
        await c.SendAsync("t LOGIN alice pw\r\n");
        Assert.StartsWith("t NO [CONTACTADMIN] Re-Authentication Failure", await c.ReadLineAsync());
        Assert.Contains("greeting is our own", await a.WaitForLogAsync("greeting is our own"));
        // a has hung up on b; b notices at its next read, which a loaded machine may take a moment to run.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (b.OpenConnections > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, b.OpenConnections);
    }
}
