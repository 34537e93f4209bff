using ActorMailProxy.Integration.Fakes;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;
namespace ActorMailProxy.Integration.Sessions;

/// <summary>Everything a client controls before login is bounded and answered with the protocol's error; nothing of it reaches a backend.</summary>
public sealed class PreLoginLimitTests
{
    [Fact]
    public async Task Only_the_credentials_reach_the_backend_before_login()
    {
        await using var backend = new RecordingBackend();
        await using var proxy = await RunningProxy.StartAsync("-M", "", "-s", $"127.0.0.1:{backend.Port}");
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync("x1 FOO bar\r\nx2 CAPABILITY\r\nx3 ID NIL\r\nx4 LOGIN \"us er\" {4+}\r\np\"w\\\r\n");
        var lines = await c.ReadUntilAsync(l => l.StartsWith("x4 ", StringComparison.Ordinal));
        Assert.StartsWith("x4 OK [CAPABILITY IMAP4rev1 IDLE] Logged in", lines[^1]);
        Assert.Equal("amp1 LOGIN \"us er\" \"p\\\"w\\\\\"\r\n", backend.Received);
        await c.SendAsync("x5 SELECT INBOX\r\n");
        await c.ReadUntilAsync(l => l.StartsWith("x5 ", StringComparison.Ordinal));
        Assert.EndsWith("x5 SELECT INBOX\r\n", backend.Received);
    }

    [Fact]
    public async Task Too_long_line_gets_bad_and_the_connection_survives()
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "");
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync("t1 LOGIN " + new string('x', 100_000) + " y\r\nt2 NOOP\r\n");
        Assert.Equal("t1 BAD Line too long", await c.ReadLineAsync());
        Assert.Equal("t2 OK NOOP completed.", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Oversized_literal_is_refused_and_a_non_synchronising_one_closes()
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "");
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync("t1 LOGIN user {99999999}\r\n");
        Assert.Equal("t1 BAD Literal too large", await c.ReadLineAsync());
        await c.SendAsync("t2 LOGIN user {99999999+}\r\n");
        Assert.Equal("* BYE Literal too large.", await c.ReadLineAsync());
        Assert.True(await c.ServerClosedAsync());
    }

    [Theory]
    [InlineData("pop3", "BOGUS\r\n", "-ERR")]
    [InlineData("imap", "t BOGUS\r\n", "t BAD")]
    [InlineData("sieve", "BOGUS\r\n", "NO")]
    public async Task Fifth_bad_command_closes_the_connection(string protocol, string bad, string reply)
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "");
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, protocol switch { "pop3" => proxy.Pop3Port, "imap" => proxy.ImapPort, _ => proxy.SievePort });
        await c.ReadUntilAsync(l => l.StartsWith("+OK", StringComparison.Ordinal) || l.StartsWith("* OK", StringComparison.Ordinal) || l.StartsWith("OK", StringComparison.Ordinal));
        for (var i = 1; i <= 4; i++)
        {
            await c.SendAsync(bad);
            Assert.StartsWith(reply, await c.ReadLineAsync());
        }
        await c.SendAsync(bad);
        await c.ReadUntilAsync(l => l.Contains("too many bad commands", StringComparison.OrdinalIgnoreCase));
        Assert.True(await c.ServerClosedAsync());
    }

    [Fact]
    public async Task Client_that_does_not_log_in_in_time_is_told_and_closed()
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "", "--authenticate_timeout", "1");
        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await using var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await imap.ReadLineAsync();
        await pop.ReadLineAsync();
        await imap.SendAsync("a NOOP\r\n");
        Assert.Equal("a OK NOOP completed.", await imap.ReadLineAsync());
        Assert.Equal("* BYE Disconnected for inactivity.", await imap.ReadLineAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("-ERR Disconnected for inactivity.", await pop.ReadLineAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await imap.ServerClosedAsync());
        Assert.True(await pop.ServerClosedAsync());
    }

    [Fact]
    public async Task Zero_authenticate_timeout_means_no_limit()
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "", "--authenticate_timeout", "0");
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await c.SendAsync("a NOOP\r\n");
        Assert.Equal("a OK NOOP completed.", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Connection_limit_refuses_the_next_client_in_its_protocol()
    {
        await using var proxy = await RunningProxy.StartAsync("-M", "", "-L", "2");
        await using var first = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await using var second = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await first.ReadLineAsync();
        await second.ReadLineAsync();
        await using var third = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        Assert.StartsWith("-ERR [IN-USE]", await third.ReadLineAsync());
        Assert.True(await third.ServerClosedAsync());
        await first.DisposeAsync();
        await WaitUntilAsync(() => proxy.OpenConnections < 2);
        await using var fourth = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        Assert.StartsWith("+OK POP3 Ready", await fourth.ReadLineAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
