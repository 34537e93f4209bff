using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace ActorMailProxy.Integration.Routing;

/// <summary>Users split across two real Dovecot backends by perdition's map formats; every user reaches their own server through the proxy.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class SplitDomainTests(TwoBackendsFixture backends) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-maps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> MapsAndUsers()
    {
        var data = new TheoryData<string, string>();
        foreach (var map in new[] { "popmap", "posix_regex" })
        {
            foreach (var user in TwoBackendsFixture.AllUsers)
            {
                data.Add(map, user.Name);
            }
        }
        return data;
    }

    private string MapFile(string map, Func<DovecotInstance, int> port) =>
        map == "popmap" ? MapFiles.Popmap(backends, port, _dir) : MapFiles.PosixRegex(backends, port, _dir);

    [Theory]
    [MemberData(nameof(MapsAndUsers))]
    public async Task Every_user_logs_in_over_pop3_at_their_own_backend(string map, string name)
    {
        var user = TwoBackendsFixture.User(name);
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "POP3", "-l", LoopbackPorts.Take(1)[0].ToString(), "-b", "127.0.0.1", "-M", map, "-m", MapFile(map, d => d.Pop3Port)]);
        using var client = new Pop3Client();
        await client.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(user.Name, user.Password);
        Assert.Equal(backends.InboxOf(user).Count, await client.GetMessageCountAsync());
        await client.DisconnectAsync(true);
        var log = await proxy.WaitForLogAsync("Close:");
        Assert.Contains($"server=\"{backends.BackendOf(user).Host}:{backends.BackendOf(user).Pop3Port}\"", log);
    }

    [Theory]
    [MemberData(nameof(MapsAndUsers))]
    public async Task Every_user_logs_in_over_imap_at_their_own_backend(string map, string name)
    {
        var user = TwoBackendsFixture.User(name);
        await using var proxy = await RunningProxy.StartRawAsync(["-P", "IMAP4", "-l", LoopbackPorts.Take(1)[0].ToString(), "-b", "127.0.0.1", "-M", map, "-m", MapFile(map, d => d.ImapPort)]);
        using var client = new ImapClient();
        await client.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user.Name, user.Password);
        var inbox = await client.Inbox.OpenAsync(FolderAccess.ReadOnly) is var _ ? client.Inbox : null;
        Assert.Equal(backends.InboxOf(user).Count, inbox!.Count);
        await client.DisconnectAsync(true);
    }
}
