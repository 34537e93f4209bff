using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Usernames;

public sealed class ClientServerSpecificationTests
{
    private static UsernameRules Rules(params string[] allowed) => new()
    {
        ClientServerSpecification = true,
        ClientServerAllowList = allowed.Select(a => AllowedServer.TryParse(a, out var s) ? s! : throw new ArgumentException(a)).ToList(),
    };

    [Theory]
    [InlineData("henry@that.host:110", "henry", "that.host", 110)]
    [InlineData("henry@that.host", "henry", "that.host", 110)]
    [InlineData("henry@THAT.host", "henry", "THAT.host", 110)]
    [InlineData("a@b@that.host", "a@b", "that.host", 110)]
    [InlineData("henry@that.host:995", "henry", "that.host", 995)]
    public void Routes_to_an_allowed_server_named_after_the_last_delimiter(string user, string userPart, string host, int port)
    {
        var rules = Rules("that.host", "that.host:995");

        Assert.True(rules.TryClientSpecifiedServer(user, defaultPort: 110, outgoingPort: null, out var login, out var server));
        Assert.Equal((userPart, new HostPort(host, port)), (login, server));
    }

    [Theory]
    [InlineData("henry@other.host")]
    [InlineData("henry@that.host:22")]
    [InlineData("henry@127.0.0.1")]
    [InlineData("henry@that.host:bogus")]
    [InlineData("@that.host")]
    [InlineData("henry")]
    [InlineData("henry@")]
    public void Anything_not_on_the_allow_list_is_an_ordinary_user_name(string user)
    {
        var rules = Rules("that.host");

        Assert.False(rules.TryClientSpecifiedServer(user, 110, null, out var login, out var server));
        Assert.Equal(user, login);
        Assert.Null(server);
    }

    [Fact]
    public void A_server_without_port_is_reached_on_the_outgoing_port_which_the_allow_list_permits()
    {
        var rules = Rules("that.host");

        Assert.True(rules.TryClientSpecifiedServer("henry@that.host", 110, outgoingPort: 1110, out _, out var server));
        Assert.Equal(new HostPort("that.host", 1110), server);
        Assert.True(rules.TryClientSpecifiedServer("henry@that.host:1110", 110, outgoingPort: 1110, out _, out _));
        Assert.True(rules.TryClientSpecifiedServer("henry@that.host:110", 110, outgoingPort: 1110, out _, out _));
    }

    [Fact]
    public void Off_or_with_an_empty_allow_list_no_client_chooses_a_server()
    {
        Assert.False(Rules().TryClientSpecifiedServer("henry@that.host", 110, null, out _, out _));
        var off = Rules("that.host") with { ClientServerSpecification = false };
        Assert.False(off.TryClientSpecifiedServer("henry@that.host", 110, null, out _, out _));
    }

    [Fact]
    public void Any_port_entry_allows_every_port_on_that_host_only()
    {
        var rules = Rules("that.host:*");

        Assert.True(rules.TryClientSpecifiedServer("henry@that.host:2222", 110, null, out _, out _));
        Assert.False(rules.TryClientSpecifiedServer("henry@this.host:2222", 110, null, out _, out _));
    }
}
