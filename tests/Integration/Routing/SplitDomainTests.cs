using ActorMailProxy.Protocols;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Integration.Fixtures.Sieve;

namespace ActorMailProxy.Integration.Routing;

/// <summary>Users split across two real Dovecot backends by perdition's map formats; every user reaches their own server through the proxy.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class SplitDomainTests(TwoBackendsFixture backends) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-maps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<RunningProxy> ProxyAsync(string map, MailProtocol protocol, Func<DovecotInstance, int> port)
    {
        var file = map == "popmap" ? MapFiles.Popmap(backends, port, _dir) : MapFiles.PosixRegex(backends, port, _dir);
        return RunningProxy.StartRawAsync(["-P", protocol.LogName(), "-l", LoopbackPorts.Take(1)[0].ToString(), "-b", "127.0.0.1", "-M", map, "-m", file]);
    }

    [Theory]
    [InlineData("popmap")]
    [InlineData("posix_regex")]
    public async Task Every_user_reaches_their_own_backend_over_pop3(string map)
    {
        await using var proxy = await ProxyAsync(map, MailProtocol.Pop3, d => d.Pop3Port);
        foreach (var user in TwoBackendsFixture.AllUsers)
        {
            using var client = new Pop3Client();
            await client.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
            client.AuthenticationMechanisms.Clear();
            await client.AuthenticateAsync(user.Name, user.Password);
            Assert.Equal(backends.InboxOf(user).Count, await client.GetMessageCountAsync());
            await client.DisconnectAsync(true);
            var backend = backends.BackendOf(user);
            Assert.Contains($"authentication_id=\"{user.Name}\" server=\"{backend.Host}:{backend.Pop3Port}\"", await proxy.WaitForLogAsync($"authentication_id=\"{user.Name}\" received="));
        }
    }

    [Theory]
    [InlineData("popmap")]
    [InlineData("posix_regex")]
    public async Task Every_user_reaches_their_own_backend_over_imap(string map)
    {
        await using var proxy = await ProxyAsync(map, MailProtocol.Imap4, d => d.ImapPort);
        foreach (var user in TwoBackendsFixture.AllUsers)
        {
            using var client = new ImapClient();
            await client.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
            await client.AuthenticateAsync(user.Name, user.Password);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Assert.Equal(backends.InboxOf(user).Count, client.Inbox.Count);
            await client.DisconnectAsync(true);
        }
    }

    [Theory]
    [InlineData("popmap")]
    [InlineData("posix_regex")]
    public async Task Every_user_reaches_their_own_backend_over_managesieve(string map)
    {
        await using var proxy = await ProxyAsync(map, MailProtocol.ManageSieve, d => d.SievePort);
        foreach (var user in TwoBackendsFixture.AllUsers)
        {
            await using var client = await ManageSieveClient.ConnectAsync(proxy.Host, proxy.SievePort);
            Assert.Equal(SieveResponseKind.Ok, (await client.AuthenticatePlainAsync(user.Name, user.Password, SaslInitialResponse.QuotedString)).Kind);
            var script = $"# {user.Name} via {map}\nkeep;\n";
            Assert.Equal(SieveResponseKind.Ok, (await client.PutScriptAsync("proxied", script)).Kind);
            Assert.Equal(script, (await client.GetScriptAsync("proxied")).Value);
            await client.LogoutAsync();
        }
    }

    [Fact]
    public async Task A_user_routed_to_the_wrong_backend_is_refused_there()
    {
        // Proof that routing matters: everyone to alpha, so beta's users fail and alpha's succeed.
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "POP3", "-l", LoopbackPorts.Take(1)[0].ToString(), "-b", "127.0.0.1", "-M", "", "-s", $"{backends.Alpha.Host}:{backends.Alpha.Pop3Port}"]);
        using var client = new Pop3Client();
        await client.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
        client.AuthenticationMechanisms.Clear();
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(TwoBackendsFixture.Nina.Name, TwoBackendsFixture.Nina.Password));
        await client.AuthenticateAsync(TwoBackendsFixture.Bob.Name, TwoBackendsFixture.Bob.Password);
    }
}
