using System.Net;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Tests.Options;

public sealed class OptionsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the loader with perdition's config directory pointed at our temp dir, never /etc/perdition.</summary>
    private LoadResult Load(params string[] args)
    {
        var hocon = Path.Combine(_dir, "test.conf");
        File.WriteAllText(hocon, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n");
        return OptionsLoader.Load(["--config", hocon, .. args]);
    }

    private ProxyOptions Ready(params string[] args) => Assert.IsType<LoadResult.Ready>(Load(args)).Options;

    private IReadOnlyList<string> Invalid(params string[] args) => Assert.IsType<LoadResult.Invalid>(Load(args)).Errors;

    [Fact]
    public void Without_protocol_options_the_embedded_listeners_serve_all_three_protocols()
    {
        var o = Ready("-b", "127.0.0.1");
        Assert.Equal(
            [new ListenerSpec(MailProtocol.Pop3, IPEndPoint.Parse("127.0.0.1:1110")), new ListenerSpec(MailProtocol.Imap4, IPEndPoint.Parse("127.0.0.1:1143")),
             new ListenerSpec(MailProtocol.ManageSieve, IPEndPoint.Parse("127.0.0.1:4190"))],
            o.Listeners);
    }

    [Fact]
    public void Protocol_and_port_as_perdition_takes_them()
    {
        var o = Ready("-P", "IMAP4", "-l", "31143", "-b", "127.0.0.1");
        Assert.Equal([new ListenerSpec(MailProtocol.Imap4, IPEndPoint.Parse("127.0.0.1:31143"))], o.Listeners);
    }

    [Fact]
    public void Listen_port_alone_means_pop3_like_perdition()
    {
        Assert.Equal(MailProtocol.Pop3, Assert.Single(Ready("-l", "2110").Listeners).Protocol);
    }

    [Fact]
    public void Protocol_default_port_is_perditions()
    {
        Assert.Equal(143, Assert.Single(Ready("-P", "IMAP4", "-b", "127.0.0.1").Listeners).Endpoint.Port);
    }

    [Fact]
    public void Several_protocols_in_one_process_take_one_port_each()
    {
        var o = Ready("-P", "POP3,IMAP4,MANAGESIEVE", "-l", "2110,2143,24190", "-b", "127.0.0.1");
        Assert.Equal([2110, 2143, 24190], o.Listeners.Select(l => l.Endpoint.Port));
        Assert.Contains("one port per protocol", Assert.Single(Invalid("-P", "POP3,IMAP4", "-l", "2110")));
    }

    [Theory]
    [InlineData("-L", "many", "option -L/--connection_limit")]
    [InlineData("-t", "-5", "option -t/--timeout")]
    [InlineData("-P", "SMTP", "option -P/--protocol")]
    [InlineData("--log_passwd", "sometimes", "option --log_passwd")]
    [InlineData("-p", "nosuchport", "option -p/--outgoing_port")]
    [InlineData("--strip_domain", "everywhere", "option -S/--strip_domain")]
    [InlineData("-i", "", "option -i/--inetd_mode")]
    public void Bad_values_name_their_option(string option, string value, string expected)
    {
        var args = value.Length == 0 ? new[] { option } : [option, value];
        Assert.Contains(Invalid(args), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Config_file_is_read_and_the_command_line_overrides_it()
    {
        var file = Path.Combine(_dir, "my.conf");
        File.WriteAllText(file, "P IMAP4\nlisten_port 3143\nbind_address 127.0.0.1\ntimeout 60\nlog_passwd fail\n");
        var o = Ready("-f", file, "-t", "90");
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:3143"), Assert.Single(o.Listeners).Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(90), o.IdleTimeout);
        Assert.Equal(PasswordLogging.Fail, o.LogPassword);
    }

    [Fact]
    public void Perditions_default_config_file_is_found_in_the_config_directory()
    {
        File.WriteAllText(Path.Combine(_dir, "perdition.conf"), "connection_limit 64\n");
        Assert.Equal(64, Ready("-b", "127.0.0.1").Limits.Total);
    }

    [Fact]
    public void Config_file_errors_carry_file_and_line()
    {
        var file = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(file, "q\ntimeout soon\n");
        Assert.Contains(Invalid("-f", file), e => e.StartsWith($"{file}:2: option -t/--timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Username_options_reach_the_routing_rules()
    {
        var o = Ready("-b", "127.0.0.1", "-S", "servername_lookup", "-D", "%", "--query_key", @"\u,\D\d", "-U", "-s", "10.0.0.1:110,10.0.0.2");
        Assert.Equal(ActorMailProxy.Routing.Usernames.UsernameStates.ServernameLookup, o.Routing.Rules.StripDomain);
        Assert.Equal("%", o.Routing.Rules.DomainDelimiter);
        Assert.Equal(2, o.Routing.Rules.QueryKeys.Count);
        Assert.True(o.Routing.Rules.UsernameFromDatabase);
        Assert.Equal(2, o.Routing.OutgoingServers.Count);
    }

    [Fact]
    public void Empty_map_library_means_no_map()
    {
        Assert.False(Ready("-b", "127.0.0.1", "-M", "").Routing.HasMap);
        Assert.True(Ready("-b", "127.0.0.1").Routing.HasMap);
    }

    [Fact]
    public void User_map_settings_come_from_hocon_and_the_shard_is_waited_for_a_quarter_second_by_default()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), HoconSeed.UserMap(HoconSeed.Reference).ShardTimeout);

        var set = HoconSeed.UserMap(Akka.Configuration.ConfigurationFactory
            .ParseString("mailproxy.user-map { shard-timeout = 1s, node-cache-size = 50 }").WithFallback(HoconSeed.Reference));

        Assert.Equal((TimeSpan.FromSeconds(1), 50), (set.ShardTimeout, set.NodeCacheCapacity));
    }

    [Fact]
    public void Help_wins_over_everything_else()
    {
        Assert.IsType<LoadResult.Help>(Load("--bogus", "-h"));
    }

    [Fact]
    public void Ignored_perdition_options_are_noted_not_refused()
    {
        var ready = Assert.IsType<LoadResult.Ready>(Load("-b", "127.0.0.1", "-u", "nobody", "-g", "nogroup", "--no_daemon"));
        Assert.Equal(2, ready.Notes.Count);
    }

    [Fact]
    public void Outgoing_port_is_one_for_all_protocols_or_one_each()
    {
        Assert.Equal([110, 110], Ready("-P", "POP3,IMAP4", "-l", "2110,2143", "-b", "127.0.0.1", "-p", "110").Listeners.Select(l => l.OutgoingPort));
        Assert.Equal([10110, 10143], Ready("-P", "POP3,IMAP4", "-l", "2110,2143", "-b", "127.0.0.1", "-p", "10110,10143").Listeners.Select(l => l.OutgoingPort));
        Assert.Contains("one per protocol", Assert.Single(Invalid("-P", "POP3,IMAP4", "-l", "2110,2143", "-p", "1,2,3")));
    }
}
