using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;
namespace ActorMailProxy.Integration.Limits;

/// <summary>
/// The cluster-wide limits on a cluster of one: per client IP before anything is read, per user once the real
/// server has accepted the login, each with its protocol's refusal, and places given back when connections end.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class SingleNodeLimitTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;

    [Fact]
    public async Task The_ip_limit_refuses_the_next_connection_from_that_address_only_and_frees_a_place_on_close()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--ip_connection_limit", "2");
        await using var first = await GreetedAsync(proxy, "127.0.0.1");
        await using var second = await GreetedAsync(proxy, "127.0.0.1");
        await using (var third = await RawLineClient.ConnectFromAsync("127.0.0.1", proxy.Host, proxy.ImapPort))
        {
            Assert.StartsWith("* BYE [LIMIT] ", await third.ReadLineAsync());
            Assert.True(await third.ServerClosedAsync());
        }
        await using (var pop = await RawLineClient.ConnectFromAsync("127.0.0.1", proxy.Host, proxy.Pop3Port))
        {
            Assert.StartsWith("-ERR [IN-USE] ", await pop.ReadLineAsync());
        }
        await using var otherAddress = await GreetedAsync(proxy, "127.0.0.2");
        await first.DisposeAsync();
        await using var again = await EventuallyGreetedAsync(proxy, "127.0.0.1");
        // The log is written a moment after the refusal is said.
        var log = await proxy.WaitForLogAsync("Refused: 127.0.0.1:");
        Assert.Matches(@"Refused: 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+ authentication_id="""" limit=""ip:127\.0\.0\.1""", log);
    }

    [Fact]
    public async Task Exempt_networks_are_not_counted()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--ip_connection_limit", "1", "--limit_exempt", "127.0.0.2/32");
        await using var counted = await GreetedAsync(proxy, "127.0.0.1");
        await using var exempt1 = await GreetedAsync(proxy, "127.0.0.2");
        await using var exempt2 = await GreetedAsync(proxy, "127.0.0.2");
        await using var refused = await RawLineClient.ConnectFromAsync("127.0.0.1", proxy.Host, proxy.ImapPort);
        Assert.StartsWith("* BYE [LIMIT] ", await refused.ReadLineAsync());
    }

    [Fact]
    public async Task The_user_limit_refuses_a_login_beyond_it_and_the_client_may_retry_on_the_same_connection()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--user_connection_limit", "1");
        await using var first = await GreetedAsync(proxy, "127.0.0.1");
        await first.SendAsync($"a LOGIN {Bob.Name} {Bob.Password}\r\n");
        Assert.StartsWith("a OK ", await first.ReadLineAsync());

        await using var second = await GreetedAsync(proxy, "127.0.0.1");
        await second.SendAsync($"b LOGIN {Bob.Name} {Bob.Password}\r\n");
        Assert.StartsWith("b NO [LIMIT] ", await second.ReadLineAsync());
        await using (var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port))
        {
            await pop.ReadLineAsync();
            await pop.SendAsync($"USER {Bob.Name}\r\nPASS {Bob.Password}\r\n");
            await pop.ReadLineAsync();
            Assert.StartsWith("-ERR [IN-USE] ", await pop.ReadLineAsync());
        }
        var limitLine = $"authentication_id=\"{Bob.Name}\" limit=\"user:{Bob.Name}\"";
        Assert.Contains(limitLine, await proxy.WaitForLogAsync(limitLine));

        await first.SendAsync("z LOGOUT\r\n");
        await first.ReadUntilAsync(l => l.StartsWith("z ", StringComparison.Ordinal));
        var attempt = 0;
        string? reply;
        do
        {
            await second.SendAsync($"c{++attempt} LOGIN {Bob.Name} {Bob.Password}\r\n");
            reply = await second.ReadLineAsync();
        }
        while (reply!.Contains("[LIMIT]", StringComparison.Ordinal) && attempt < 50 && await Pause());
        Assert.StartsWith($"c{attempt} OK ", reply);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(100);
        return true;
    }

    private static async Task<RawLineClient> GreetedAsync(RunningProxy proxy, string from)
    {
        var client = await RawLineClient.ConnectFromAsync(from, proxy.Host, proxy.ImapPort);
        Assert.StartsWith("* OK ", await client.ReadLineAsync());
        return client;
    }

    /// <summary>A place comes back when the proxy has seen the close; until then a connection may still be refused.</summary>
    private static async Task<RawLineClient> EventuallyGreetedAsync(RunningProxy proxy, string from)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await RawLineClient.ConnectFromAsync(from, proxy.Host, proxy.ImapPort);
            var line = await client.ReadLineAsync();
            if (line?.StartsWith("* OK ", StringComparison.Ordinal) == true)
            {
                return client;
            }
            await client.DisposeAsync();
            Assert.True(attempt < 50, $"still refused: {line}");
            await Task.Delay(100);
        }
    }
}
