using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using MimeKit;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Sessions;

/// <summary>After login the client talks to its real server as if we were not there.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class TransparencyTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;

    [Fact]
    public async Task Imap_client_sees_the_backends_post_login_capabilities_and_reply()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        using var client = new ImapClient();
        await client.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.Sort));
        await client.AuthenticateAsync(Alice.Name, Alice.Password);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Sort));

        await using var raw = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await raw.ReadLineAsync();
        await raw.SendAsync($"t1 LOGIN {Alice.Name} {Alice.Password}\r\n");
        var ok = await raw.ReadLineAsync();
        Assert.Matches(@"^t1 OK \[CAPABILITY IMAP4rev1 .*SORT.*\] Logged in", ok);
    }

    [Fact]
    public async Task Ok_line_replaces_the_servers_text_in_every_protocol()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "-O", "You are so in");
        await using var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await pop.ReadLineAsync();
        await pop.SendAsync($"USER {Alice.Name}\r\nPASS {Alice.Password}\r\n");
        await pop.ReadLineAsync();
        Assert.Equal("+OK You are so in", await pop.ReadLineAsync());

        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await imap.ReadLineAsync();
        await imap.SendAsync($"x LOGIN {Alice.Name} {Alice.Password}\r\n");
        Assert.Matches(@"^x OK \[CAPABILITY [^\]]+\] You are so in$", await imap.ReadLineAsync());
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("copy")]
    public async Task Ten_mebibyte_message_is_byte_identical_through_the_proxy_by_pop3_and_imap(string pump)
    {
        await using var proxy = await RunningProxy.With($"mailproxy.pump = {pump}").InFrontOfAsync(backends.Alpha);
        var expected = backends.LargeMessage.Sha256;
        var index = backends.InboxOf(Alice).ToList().IndexOf(backends.LargeMessage);

        Assert.Equal(expected, await Pop3HashAsync(proxy.Host, proxy.Pop3Port, index));
        Assert.Equal(expected, await Pop3HashAsync(backends.Alpha.Host, backends.Alpha.Pop3Port, index));
        Assert.Equal(expected, await ImapHashAsync(proxy.Host, proxy.ImapPort, index));
        Assert.Equal(expected, await ImapHashAsync(backends.Alpha.Host, backends.Alpha.ImapPort, index));
    }

    private static async Task<string> Pop3HashAsync(string host, int port, int index)
    {
        using var client = new Pop3Client();
        await client.ConnectAsync(host, port, SecureSocketOptions.None);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(Alice.Name, Alice.Password);
        await using var stream = await client.GetStreamAsync(index);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream));
        await client.DisconnectAsync(true);
        return hash;
    }

    private static async Task<string> ImapHashAsync(string host, int port, int index)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(host, port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Alice.Name, Alice.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using var stream = await client.Inbox.GetStreamAsync(index);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream));
        await client.DisconnectAsync(true);
        return hash;
    }

    [Fact]
    public async Task Idle_client_is_told_of_new_mail_through_the_proxy()
    {
        var user = TwoBackendsFixture.Oscar;
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Beta);
        using var client = new ImapClient();
        await client.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user.Name, user.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var before = client.Inbox.Count;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Inbox.CountChanged += (_, _) => arrived.TrySetResult();
        using var done = new CancellationTokenSource();
        var idle = client.IdleAsync(done.Token);
        await Task.Delay(200);
        await backends.Beta.DeliverAsync(user.Name, SeededMessage.Create(user.Name, "idle wake-up", seed: Random.Shared.Next(), size: 500).Bytes);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await done.CancelAsync();
        await idle;
        Assert.True(client.Inbox.Count > before);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Append_with_a_literal_goes_through_and_comes_back_identical()
    {
        var user = TwoBackendsFixture.Oscar;
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Beta);
        var message = SeededMessage.Create(user.Name, $"appended {Guid.NewGuid():N}", seed: 7, size: 300_000);
        using var client = new ImapClient();
        await client.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user.Name, user.Password);
        var uid = await client.Inbox.AppendAsync(MimeMessage.Load(new MemoryStream(message.Bytes)));
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using var stream = await client.Inbox.GetStreamAsync(uid!.Value);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(message.Sha256, Convert.ToHexString(SHA256.HashData(copy.ToArray())));
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Commands_pipelined_right_after_login_reach_the_backend_in_order()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        await using var imap = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await imap.ReadLineAsync();
        await imap.SendAsync($"a LOGIN {Alice.Name} {Alice.Password}\r\nb SELECT INBOX\r\nc FETCH 1 (FLAGS)\r\nd LOGOUT\r\n");
        var lines = await imap.ReadUntilAsync(l => l.StartsWith("d ", StringComparison.Ordinal));
        var tagged = lines.Where(l => !l.StartsWith('*')).Select(l => l[..4]).ToList();
        Assert.Equal(["a OK", "b OK", "c OK", "d OK"], tagged);
        Assert.True(await imap.ServerClosedAsync());

        await using var pop = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        await pop.ReadLineAsync();
        await pop.SendAsync($"USER {Alice.Name}\r\nPASS {Alice.Password}\r\nSTAT\r\nQUIT\r\n");
        var popLines = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            popLines.Add(await pop.ReadLineAsync());
        }
        Assert.StartsWith($"+OK {backends.InboxOf(Alice).Count} ", popLines[2]);
        Assert.StartsWith("+OK", popLines[3]);
        Assert.True(await pop.ServerClosedAsync());
    }
}
