using System.Net.Sockets;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Executable;

/// <summary>SIGTERM: stop accepting, let logged-in sessions finish within the grace time, exit 0.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class ShutdownTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;

    [Fact]
    public async Task Sigterm_stops_accepting_lets_the_session_finish_and_exits_zero()
    {
        var ports = LoopbackPorts.Take(2);
        var dir = Directory.CreateTempSubdirectory("amp-term-").FullName;
        var hocon = Path.Combine(dir, "grace.conf");
        await File.WriteAllTextAsync(hocon, "mailproxy.timeouts.shutdown-grace = 30s\n");
        await using var proxy = ProxyProcess.StartExecutable("--config", hocon, "-P", "IMAP4,POP3", "-l", $"{ports[0]},{ports[1]}", "-b", "127.0.0.1",
            "-M", "", "-s", backends.Alpha.Host, "-p", $"{backends.Alpha.ImapPort},{backends.Alpha.Pop3Port}", "-F", "-", "--pid_file", Path.Combine(dir, "amp.pid"));
        await proxy.WaitForOutputAsync("ActorMailProxy ready");
        Assert.Equal($"{proxy.Id}", (await File.ReadAllTextAsync(Path.Combine(dir, "amp.pid"))).Trim());

        await using var session = await RawLineClient.ConnectAsync("127.0.0.1", ports[0]);
        await session.ReadLineAsync();
        await session.SendAsync($"a LOGIN {Alice.Name} {Alice.Password}\r\n");
        Assert.StartsWith("a OK", await session.ReadLineAsync());
        await using var waiting = await RawLineClient.ConnectAsync("127.0.0.1", ports[1]);
        Assert.StartsWith("+OK POP3 Ready", await waiting.ReadLineAsync());

        proxy.Terminate();
        Assert.Equal("-ERR Server shutting down.", await waiting.ReadLineAsync());
        await proxy.WaitForOutputAsync("Shutting down");
        await Assert.ThrowsAnyAsync<SocketException>(() => RawLineClient.ConnectAsync("127.0.0.1", ports[0]));
        await session.SendAsync("b SELECT INBOX\r\n");
        Assert.StartsWith("b OK", (await session.ReadUntilAsync(l => l.StartsWith("b ", StringComparison.Ordinal)))[^1]);
        await session.SendAsync("c LOGOUT\r\n");
        await session.ReadUntilAsync(l => l.StartsWith("c ", StringComparison.Ordinal));

        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(File.Exists(Path.Combine(dir, "amp.pid")));
        Assert.Contains("Close:", proxy.Output);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Sessions_still_open_when_the_grace_ends_are_closed_and_the_exit_is_still_zero()
    {
        var port = LoopbackPorts.Take(1)[0];
        var dir = Directory.CreateTempSubdirectory("amp-term-").FullName;
        var hocon = Path.Combine(dir, "grace.conf");
        await File.WriteAllTextAsync(hocon, "mailproxy.timeouts.shutdown-grace = 1s\n");
        await using var proxy = ProxyProcess.StartExecutable("--config", hocon, "-P", "IMAP4", "-l", $"{port}", "-b", "127.0.0.1",
            "-M", "", "-s", $"{backends.Alpha.Host}:{backends.Alpha.ImapPort}", "-F", "-");
        await proxy.WaitForOutputAsync("ActorMailProxy ready");
        await using var session = await RawLineClient.ConnectAsync("127.0.0.1", port);
        await session.ReadLineAsync();
        await session.SendAsync($"a LOGIN {Alice.Name} {Alice.Password}\r\n");
        Assert.StartsWith("a OK", await session.ReadLineAsync());

        proxy.Terminate();
        Assert.True(await session.ServerClosedAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Directory.Delete(dir, recursive: true);
    }
}
