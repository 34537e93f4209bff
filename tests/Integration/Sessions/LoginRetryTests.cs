using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Fixtures.Sieve;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Sessions;

/// <summary>A refused login puts the client back where it started, on the same connection; no route means no backend connection at all.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class LoginRetryTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;

    [Fact]
    public async Task Pop3_wrong_password_gets_err_and_a_retry_on_the_same_connection_succeeds()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        Assert.StartsWith("+OK POP3 Ready proxy.test", await c.ReadLineAsync());
        await c.SendAsync($"USER {Bob.Name}\r\nPASS wrong\r\n");
        Assert.StartsWith("+OK", await c.ReadLineAsync());
        Assert.StartsWith("-ERR [AUTH]", await c.ReadLineAsync());
        await c.SendAsync($"USER {Bob.Name}\r\nPASS {Bob.Password}\r\nSTAT\r\n");
        Assert.StartsWith("+OK", await c.ReadLineAsync());
        Assert.StartsWith("+OK Logged in", await c.ReadLineAsync());
        Assert.StartsWith("+OK 0 0", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Imap_wrong_password_gets_no_and_a_retry_on_the_same_connection_succeeds()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        Assert.StartsWith("* OK [CAPABILITY ", await c.ReadLineAsync());
        await c.SendAsync($"a LOGIN {Bob.Name} wrong\r\n");
        Assert.StartsWith("a NO [AUTHENTICATIONFAILED]", await c.ReadLineAsync());
        await c.SendAsync($"b LOGIN {Bob.Name} {Bob.Password}\r\nc SELECT INBOX\r\n");
        Assert.StartsWith("b OK [CAPABILITY ", await c.ReadLineAsync());
        Assert.StartsWith("c OK [READ-WRITE]", (await c.ReadUntilAsync(l => l.StartsWith("c ", StringComparison.Ordinal)))[^1]);
    }

    [Fact]
    public async Task ManageSieve_wrong_password_gets_no_and_a_retry_on_the_same_connection_succeeds()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        await using var client = await ManageSieveClient.ConnectAsync(proxy.Host, proxy.SievePort);
        Assert.Equal(SieveResponseKind.No, (await client.AuthenticatePlainAsync(Bob.Name, "wrong", SaslInitialResponse.QuotedString)).Kind);
        Assert.Equal(SieveResponseKind.Ok, (await client.AuthenticatePlainAsync(Bob.Name, Bob.Password, SaslInitialResponse.Literal)).Kind);
        Assert.Equal(SieveResponseKind.Ok, (await client.ListScriptsAsync()).Response.Kind);
    }

    [Fact]
    public async Task Unknown_user_without_outgoing_server_is_refused_without_any_backend_connection()
    {
        using var decoy = new TcpListener(IPAddress.Loopback, 0);
        decoy.Start();
        var decoyPort = ((IPEndPoint)decoy.LocalEndpoint).Port;
        var map = Path.GetTempFileName();
        await File.WriteAllTextAsync(map, $"known:127.0.0.1:{decoyPort}\n");
        try
        {
            await using var proxy = await RunningProxy.StartAsync("-M", "popmap", "-m", map);
            await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
            await c.ReadLineAsync();
            await c.SendAsync("USER mallory\r\nPASS whatever\r\n");
            await c.ReadLineAsync();
            Assert.StartsWith("-ERR [AUTH] Authentication failed.", await c.ReadLineAsync());
            Assert.Contains("status=\"failed: Could not determine server", await proxy.WaitForLogAsync("Could not determine server"));
            Assert.False(decoy.Pending());
            await c.SendAsync("USER known\r\nPASS whatever\r\n");
            await c.ReadLineAsync();
            using var accepted = await decoy.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(accepted);
        }
        finally
        {
            File.Delete(map);
        }
    }
}
