using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Routing;

/// <summary>
/// A map source that hangs (a "PostgreSQL" that accepts and never answers) or is down (nothing listens): the login
/// waits at most mailproxy.user-map.lookup-timeout, then goes to --outgoing_server when one is set, or gets the
/// protocol's temporary error. It never hangs.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class MapSourceDownTests(TwoBackendsFixture backends) : IAsyncLifetime
{
    private const string ShortLookup = "mailproxy.user-map.lookup-timeout = 1s";
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public Task InitializeAsync()
    {
        _silent.Start();
        _ = AcceptForeverAsync();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _silent.Stop();
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }
        return Task.CompletedTask;
    }

    private string HangingPostgres => $"127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}:db:tblPerdition:perdition:secret";

    private static string DownPostgres => $"127.0.0.1:{LoopbackPorts.Take(1)[0]}:db:tblPerdition:perdition:secret";

    [Fact]
    public async Task A_hanging_source_gives_imap_NO_UNAVAILABLE_and_pop3_ERR_SYS_TEMP()
    {
        await using var proxy = await RunningProxy.With(ShortLookup).StartAsync("-M", "postgresql", "-m", HangingPostgres);
        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await imap.ReadLineAsync();
        await imap.SendAsync($"a LOGIN {Bob.Name} {Bob.Password}\r\n");
        Assert.StartsWith("a NO [UNAVAILABLE] ", await imap.ReadLineAsync());
        await imap.SendAsync("b NOOP\r\n");
        Assert.StartsWith("b OK", await imap.ReadLineAsync());

        await using var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await pop.ReadLineAsync();
        await pop.SendAsync($"USER {Bob.Name}\r\nPASS {Bob.Password}\r\n");
        await pop.ReadLineAsync();
        Assert.StartsWith("-ERR [SYS/TEMP] ", await pop.ReadLineAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_an_outgoing_server_a_hanging_or_down_source_falls_back_to_it(bool hanging)
    {
        var backend = backends.BackendOf(Bob);
        await using var proxy = await RunningProxy.With(ShortLookup).StartAsync(
            "-M", "postgresql", "-m", hanging ? HangingPostgres : DownPostgres,
            "-s", backend.Host, "-p", $"{backend.Pop3Port},{backend.ImapPort},{backend.SievePort}");
        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await imap.ReadLineAsync();
        await imap.SendAsync($"a LOGIN {Bob.Name} {Bob.Password}\r\n");
        Assert.StartsWith("a OK ", await imap.ReadLineAsync());
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                _accepted.Add(await _silent.AcceptSocketAsync());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped at the end of the test.
        }
    }
}
