using System.Diagnostics;
using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

public sealed class PolicyServerTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task A_recently_logged_in_client_gets_ok()
    {
        await using var server = await StartAsync(StandInRecentLogins.RecentFor("192.0.2.7"));
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));

        Assert.Equal("action=OK", await client.ReadReplyAsync());
    }

    [Theory]
    [InlineData(RecentLogin.None)]
    [InlineData(RecentLogin.Unknown)]
    public async Task A_client_the_table_does_not_call_recent_gets_dunno(RecentLogin answer)
    {
        await using var server = await StartAsync(StandInRecentLogins.Always(answer));
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));

        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
    }

    [Fact]
    public async Task A_table_that_throws_gets_dunno_the_failure_is_logged_and_the_connection_goes_on()
    {
        var logger = new RecordingLogger<PolicyServer>();
        var table = new StandInRecentLogins(ip => ip.Equals(IPAddress.Parse("192.0.2.7")) ? throw new InvalidOperationException("table broke") : RecentLogin.Recent);
        await using var server = await StartAsync(table, logger);
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));
        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
        await client.SendAsync(PolicyTestClient.Request("192.0.2.8"));
        Assert.Equal("action=OK", await client.ReadReplyAsync());

        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("table broke", error.Exception?.Message);
        Assert.Contains("192.0.2.7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_request_type_or_a_bad_client_address_gets_dunno()
    {
        await using var server = await StartAsync(StandInRecentLogins.Always(RecentLogin.Recent));
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.7", type: "other_policy"));
        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
        await client.SendAsync(PolicyTestClient.Request("unknown"));
        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
        await client.SendAsync("request=smtpd_access_policy\n\n");
        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
    }

    [Fact]
    public async Task Several_requests_on_one_connection_are_answered_in_order_whether_sent_together_or_apart()
    {
        var table = StandInRecentLogins.RecentFor("192.0.2.1");
        await using var server = await StartAsync(table);
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.1") + PolicyTestClient.Request("192.0.2.2") + PolicyTestClient.Request("::ffff:192.0.2.1"));
        Assert.Equal(["action=OK", "action=DUNNO", "action=OK"], [await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync()]);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.2"));
        Assert.Equal("action=DUNNO", await client.ReadReplyAsync());
        foreach (var piece in PolicyTestClient.Request("192.0.2.1").Chunk(7))
            await client.SendAsync(new string(piece));
        Assert.Equal("action=OK", await client.ReadReplyAsync());

        Assert.Equal(5, table.Asked.Count);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task The_table_is_asked_with_the_time_of_the_servers_clock()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var table = StandInRecentLogins.Always(RecentLogin.Recent);
        await using var server = new PolicyServer(AnyLoopbackPort, table, new RecordingLogger<PolicyServer>(), time: new ManualTime(now));
        await server.StartAsync();
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));
        await client.ReadReplyAsync();

        Assert.Equal(now, Assert.Single(table.Asked).Now);
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("=value\n")]
    [InlineData("client_address=192.0.2.7\nclient_address=192.0.2.8\n\n")]
    public async Task A_malformed_request_closes_the_connection_with_nothing_written(string malformed)
    {
        var logger = new RecordingLogger<PolicyServer>();
        var table = StandInRecentLogins.Always(RecentLogin.Recent);
        await using var server = await StartAsync(table, logger);
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync("request=smtpd_access_policy\n" + malformed);

        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Empty(table.Asked);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Malformed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_endless_line_closes_the_connection_once_it_passes_the_bound()
    {
        await using var server = await StartAsync(StandInRecentLogins.Always(RecentLogin.Recent));
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        await client.SendAsync("recipient=" + new string('a', PolicyRequestReader.MaxLineBytes));

        Assert.Empty(await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_connection_that_stays_silent_past_the_idle_timeout_is_closed()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        await using var server = await StartAsync(StandInRecentLogins.Always(RecentLogin.Recent), idleTimeout: idle);
        var silent = Stopwatch.StartNew();
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        Assert.Empty(await client.ReadUntilClosedAsync(within: TimeSpan.FromSeconds(10)));

        Assert.InRange(silent.Elapsed, idle, TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => server.OpenConnections == 0);
    }

    [Fact]
    public async Task Each_request_restarts_the_idle_timeout()
    {
        var idle = TimeSpan.FromMinutes(5);
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        await using var server = new PolicyServer(AnyLoopbackPort, StandInRecentLogins.Always(RecentLogin.Recent), new RecordingLogger<PolicyServer>(), idle, time: time);
        await server.StartAsync();
        await using var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);

        // Four requests 0.6 idle timeouts apart: 2.4 timeouts in all, never one without a request.
        for (var i = 0; i < 4; i++)
        {
            await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));
            Assert.Equal("action=OK", await client.ReadReplyAsync());
            await time.WaitUntilArmedAsync();
            time.Advance(idle * 0.6);
        }
        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));
        Assert.Equal("action=OK", await client.ReadReplyAsync());

        await time.WaitUntilArmedAsync();
        time.Advance(idle);
        Assert.Empty(await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Connections_past_the_bound_are_closed_at_once_and_a_freed_slot_is_taken_again()
    {
        await using var server = await StartAsync(StandInRecentLogins.Always(RecentLogin.Recent), maxConnections: 2);
        await using var first = await ServedClientAsync(server);
        await using var second = await ServedClientAsync(server);

        await using (var third = await PolicyTestClient.ConnectAsync(server.LocalEndpoint))
            Assert.Empty(await third.ReadUntilClosedAsync());

        await first.DisposeAsync();
        await WaitUntilAsync(() => server.OpenConnections == 1);
        await using var fourth = await ServedClientAsync(server);
        Assert.Equal(2, server.OpenConnections);
        Assert.Equal(3, server.AcceptedConnections);
    }

    [Fact]
    public async Task Disposing_the_server_closes_open_connections_and_the_listener()
    {
        var server = await StartAsync(StandInRecentLogins.Always(RecentLogin.Recent));
        var endpoint = server.LocalEndpoint;
        await using var client = await ServedClientAsync(server);

        await server.DisposeAsync();

        Assert.Empty(await client.ReadUntilClosedAsync());
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => PolicyTestClient.ConnectAsync(endpoint));
        Assert.Equal(0, server.OpenConnections);
    }

    [Fact]
    public async Task The_bound_endpoint_is_known_only_after_start()
    {
        await using var server = new PolicyServer(AnyLoopbackPort, StandInRecentLogins.Always(RecentLogin.None), new RecordingLogger<PolicyServer>());
        Assert.Throws<InvalidOperationException>(() => server.LocalEndpoint);

        await server.StartAsync();

        Assert.Equal(IPAddress.Loopback, server.LocalEndpoint.Address);
        Assert.NotEqual(0, server.LocalEndpoint.Port);
    }

    private static async Task<PolicyServer> StartAsync(IRecentLogins table, ILogger<PolicyServer>? logger = null, TimeSpan? idleTimeout = null, int maxConnections = PolicyServer.DefaultMaxConnections)
    {
        var server = new PolicyServer(AnyLoopbackPort, table, logger ?? new RecordingLogger<PolicyServer>(), idleTimeout, maxConnections);
        await server.StartAsync();
        return server;
    }

    // A client whose connection has certainly been accepted and served, not merely queued in the backlog.
    private static async Task<PolicyTestClient> ServedClientAsync(PolicyServer server)
    {
        var client = await PolicyTestClient.ConnectAsync(server.LocalEndpoint);
        await client.SendAsync(PolicyTestClient.Request("192.0.2.7"));
        Assert.Equal("action=OK", await client.ReadReplyAsync());
        return client;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "The condition did not come true within 10 s.");
            await Task.Delay(10);
        }
    }
}
