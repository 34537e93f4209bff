using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Usernames;

public sealed class AllowedServerTests
{
    [Theory]
    [InlineData("imap.example.com", "imap.example.com", null, false)]
    [InlineData("imap.example.com:1143", "imap.example.com", 1143, false)]
    [InlineData("imap.example.com:*", "imap.example.com", null, true)]
    [InlineData("[::1]:*", "::1", null, true)]
    public void Parses_host_with_port_none_or_any(string text, string host, int? port, bool anyPort)
    {
        Assert.True(AllowedServer.TryParse(text, out var allowed));
        Assert.Equal(new AllowedServer(host, port, anyPort), allowed);
        Assert.Equal(text, allowed!.ToString());
    }

    [Theory]
    [InlineData("*")]
    [InlineData("*.example.com")]
    [InlineData("*:143")]
    [InlineData("host:143:*")]
    [InlineData("")]
    public void Never_accepts_a_wildcard_host(string text)
    {
        Assert.False(AllowedServer.TryParse(text, out _));
    }

    [Theory]
    [InlineData("imap.example.com", "IMAP.Example.COM", 143, true)]
    [InlineData("imap.example.com", "imap.example.com", 1143, true)]
    [InlineData("imap.example.com", "imap.example.com", 22, false)]
    [InlineData("imap.example.com", "imap.example.org", 143, false)]
    [InlineData("imap.example.com:993", "imap.example.com", 993, true)]
    [InlineData("imap.example.com:993", "imap.example.com", 143, false)]
    [InlineData("imap.example.com:*", "imap.example.com", 22, true)]
    [InlineData("[2001:db8::1]", "2001:db8:0::1", 143, true)]
    [InlineData("10.0.0.1", "10.0.0.2", 143, false)]
    public void Allows_the_named_host_on_its_ports_only(string entry, string host, int port, bool allowed)
    {
        Assert.True(AllowedServer.TryParse(entry, out var server));
        Assert.Equal(allowed, server!.Allows(host, port, defaultPort: 143, outgoingPort: 1143));
    }
}
