using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Routing;

/// <summary>
/// SIGHUP re-reads a popmap file and drops the node's cached answers: a moved user goes to the new server at once,
/// where without the signal the cached route holds for the TTL (60 s).
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class MapReloadTests(TwoBackendsFixture backends) : IDisposable
{
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-map-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sighup_drops_the_cached_route_of_a_user_the_reread_map_moved()
    {
        var map = Path.Combine(_dir, "popmap");
        await File.WriteAllTextAsync(map, $"bob:{backends.Alpha.Host}:{backends.Alpha.ImapPort}\n");
        var port = LoopbackPorts.Take(1)[0];
        await using var proxy = ProxyProcess.StartExecutable("-P", "IMAP4", "-l", $"{port}", "-b", "127.0.0.1", "-M", "popmap", "-m", map, "-F", "-");
        await proxy.WaitForOutputAsync("ActorMailProxy ready");
        Assert.True(await LogsInAsync(port));

        // Bob does not live on beta: once the map sends him there, his login is refused. Until SIGHUP nothing reads the file.
        await File.WriteAllTextAsync(map, $"bob:{backends.Beta.Host}:{backends.Beta.ImapPort}\n");
        Assert.True(await LogsInAsync(port));
        proxy.Hangup();
        await proxy.WaitForOutputAsync("SIGHUP");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await LogsInAsync(port))
        {
            Assert.True(DateTime.UtcNow < deadline, "bob still went to alpha 10 s after SIGHUP");
            await Task.Delay(100);
        }
        await proxy.WaitForOutputAsync($"server=\"{backends.Beta.Host}:{backends.Beta.ImapPort}\"");
    }

    private static async Task<bool> LogsInAsync(int port)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        try
        {
            await client.AuthenticateAsync(Bob.Name, Bob.Password);
        }
        catch (AuthenticationException)
        {
            return false;
        }
        await client.DisconnectAsync(true);
        return true;
    }
}
