using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Executable;

/// <summary>The executable started the way a perdition user starts perdition: options on the command line, or in perdition.conf.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class CommandLineRunTests(TwoBackendsFixture backends) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-exe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task LoginOnBothBackendsAsync(int port)
    {
        foreach (var user in new[] { TwoBackendsFixture.Alice, TwoBackendsFixture.Nina })
        {
            using var client = new ImapClient();
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user.Name, user.Password);
            await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
            Assert.Equal(backends.InboxOf(user).Count, client.Inbox.Count);
            await client.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task Dotnet_run_with_perditions_options_proxies_imap_by_a_regex_map()
    {
        var port = LoopbackPorts.Take(1)[0];
        var map = MapFiles.PosixRegex(backends, d => d.ImapPort, _dir);
        await using var proxy = ProxyProcess.StartDotnetRun("-P", "IMAP4", "-l", port.ToString(), "-b", "127.0.0.1", "-M", "posix_regex", "-m", map, "-F", "-");
        await proxy.WaitForOutputAsync("ActorMailProxy ready");
        await LoginOnBothBackendsAsync(port);
        await proxy.WaitForOutputAsync("authentication_id=\"nina\" received=");
    }

    [Fact]
    public async Task The_same_options_from_a_perdition_conf_file_work_alike()
    {
        var port = LoopbackPorts.Take(1)[0];
        var map = MapFiles.PosixRegex(backends, d => d.ImapPort, _dir);
        var conf = Path.Combine(_dir, "perdition.conf");
        await File.WriteAllTextAsync(conf, $"""
            # perdition.conf, as an operator would write it
            protocol        IMAP4
            l               {port}          # short option as key
            bind_address    127.0.0.1
            map_library     /usr/lib/x86_64-linux-gnu/libperditiondb_posix_regex.so.0
            map_library_opt {map}
            log_facility    -
            no_daemon
            """);
        await using var proxy = ProxyProcess.StartExecutable("-f", conf);
        await proxy.WaitForOutputAsync("ActorMailProxy ready");
        await LoginOnBothBackendsAsync(port);
    }

    [Theory]
    [InlineData("--bogus", "unknown option --bogus")]
    [InlineData("-L|lots", "option -L/--connection_limit")]
    [InlineData("-M|posix_regex|-m|/nonexistent/popmap.re", "option -M/--map_library or -m/--map_library_opt")]
    public async Task Bad_options_exit_with_code_2_and_name_the_option(string args, string expected)
    {
        await using var proxy = ProxyProcess.StartExecutable(args.Split('|'));
        Assert.Equal(2, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(expected, proxy.Output);
    }
}
