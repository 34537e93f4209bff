using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Tests.Servers;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("mail.example.com", "mail.example.com", null)]
    [InlineData("mail.example.com:110", "mail.example.com", 110)]
    [InlineData("10.0.0.1:4190", "10.0.0.1", 4190)]
    [InlineData("back_end-1", "back_end-1", null)]
    [InlineData("host:pop3", "host", 110)]
    [InlineData("host:pop-3", "host", 110)]
    [InlineData("host:POP3S", "host", 995)]
    [InlineData("host:imap", "host", 143)]
    [InlineData("host:imap2", "host", 143)]
    [InlineData("host:imaps", "host", 993)]
    [InlineData("host:sieve", "host", 4190)]
    [InlineData("host:65535", "host", 65535)]
    [InlineData("[::1]", "::1", null)]
    [InlineData("[::1]:143", "::1", 143)]
    [InlineData("[2001:db8::7]:imaps", "2001:db8::7", 993)]
    [InlineData("2001:db8::7", "2001:db8::7", null)]
    public void Parses_host_and_optional_port(string text, string host, int? port)
    {
        Assert.True(HostPort.TryParse(text, out var server));
        Assert.Equal(new HostPort(host, port), server);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(":110")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("host:no-such-service-name")]
    [InlineData("user@host")]
    [InlineData("host name")]
    [InlineData("host/path")]
    [InlineData("[::1")]
    [InlineData("[::1]143")]
    [InlineData("[::1]:")]
    [InlineData("[example.com]:110")]
    [InlineData("[10.0.0.1]")]
    [InlineData("a:b:c")]
    public void Rejects_what_is_not_a_server(string? text)
    {
        Assert.False(HostPort.TryParse(text, out var server));
        Assert.Null(server);
    }

    [Fact]
    public void ToString_round_trips_through_TryParse()
    {
        foreach (var server in new[] { new HostPort("h", 1), new HostPort("::1", 143), new HostPort("h", null) })
        {
            Assert.True(HostPort.TryParse(server.ToString(), out var parsed));
            Assert.Equal(server, parsed);
        }
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("sarah:110,localhost", new[] { "sarah:110", "localhost" })]
    [InlineData("a,[::1]:143,b:imap,", new[] { "a", "[::1]:143", "b:143" })]
    public void Parses_comma_separated_server_lists_in_order(string text, string[] expected)
    {
        Assert.True(HostPort.TryParseList(text, out var servers, out var error));
        Assert.Null(error);
        Assert.Equal(expected, servers.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("a,,b", "\"\"")]
    [InlineData("good,bad host,x:0", "\"bad host\", \"x:0\"")]
    public void Names_every_invalid_entry_of_a_server_list(string text, string named)
    {
        Assert.False(HostPort.TryParseList(text, out _, out var error));
        Assert.Contains(named, error);
    }
}
