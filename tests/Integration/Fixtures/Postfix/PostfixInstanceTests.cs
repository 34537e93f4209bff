using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Integration.PopBeforeSmtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>Proves the Postfix fixture itself: instances side by side keep apart, and disposing leaves nothing running or on disk.</summary>
public sealed class PostfixInstanceTests
{
    [Fact]
    public async Task Instances_started_together_keep_apart_and_each_asks_its_own_policy_service()
    {
        var recent = new SettableRecentLogins { Answer = RecentLogin.Recent };
        var none = new SettableRecentLogins { Answer = RecentLogin.None };
        await using var recentPolicy = await StartPolicyAsync(recent);
        await using var nonePolicy = await StartPolicyAsync(none);

        var started = await Task.WhenAll(
            PostfixInstance.StartAsync(recentPolicy.LocalEndpoint, "open"),
            PostfixInstance.StartAsync(nonePolicy.LocalEndpoint, "shut"));
        await using var open = started[0];
        await using var shut = started[1];

        Assert.NotEqual(open.SmtpPort, shut.SmtpPort);
        Assert.NotEqual(open.Hostname, shut.Hostname);
        Assert.NotEqual(Path.GetDirectoryName(open.LogPath), Path.GetDirectoryName(shut.LogPath));
        var attempts = await Task.WhenAll(open.TryRelayAsync(), shut.TryRelayAsync());
        Assert.True(attempts[0].Accepted, $"{attempts[0]}\n{open.LogTail()}");
        Assert.True(attempts[1].RelayDenied, $"{attempts[1]}\n{shut.LogTail()}");
        Assert.Equal((1, 1), (recent.Lookups, none.Lookups));
    }

    [Fact]
    public async Task Disposing_stops_smtpd_and_deletes_the_directory()
    {
        await using var policy = await StartPolicyAsync(new SettableRecentLogins());
        var postfix = await PostfixInstance.StartAsync(policy.LocalEndpoint, "gone");
        var directory = Path.GetDirectoryName(postfix.LogPath)!;
        Assert.True((await postfix.TryRelayAsync()).RelayDenied);

        await postfix.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        // smtpd processes inherit master's listening socket: a refused connection means none of them is left either.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, postfix.SmtpPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<PolicyServer> StartPolicyAsync(IRecentLogins table)
    {
        var server = new PolicyServer(new IPEndPoint(IPAddress.Loopback, 0), table, NullLogger<PolicyServer>.Instance);
        await server.StartAsync();
        return server;
    }
}
